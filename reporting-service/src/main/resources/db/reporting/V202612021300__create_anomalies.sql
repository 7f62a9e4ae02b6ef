-- Anomaly detection on the live ledger flow (docs/decisions/anomaly-detection.md).
-- Per (provider, game type, currency) and interval of occurredAt: bets (count; minor units net of
-- rollbacks), WIN amounts and rollbacks, filled exactly once with daily_activity (same transaction,
-- same counted_transactions claim). Money stays BIGINT minor units + CHAR(3).
CREATE TABLE activity_intervals (
    provider_id    TEXT        NOT NULL,
    game_type      TEXT        NOT NULL,
    currency       CHAR(3)     NOT NULL,
    interval_start TIMESTAMPTZ NOT NULL,
    bet_count      BIGINT      NOT NULL,
    bet_minor      BIGINT      NOT NULL,
    win_minor      BIGINT      NOT NULL,
    rollback_count BIGINT      NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, game_type, currency, interval_start)
);

-- Every series seen, and how far the evaluator has judged it (the next interval to judge).
CREATE TABLE anomaly_series (
    provider_id     TEXT        NOT NULL,
    game_type       TEXT        NOT NULL,
    currency        CHAR(3)     NOT NULL,
    first_interval  TIMESTAMPTZ NOT NULL,
    evaluated_until TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, game_type, currency)
);

-- One anomaly per series, kind and first interval; later intervals of the same episode extend it.
-- Evidence: observed, expected, the range it had to stay in, the score (robust standard deviations),
-- the baseline and its sample count. GGR figures are minor units; RTP a ratio; VOLUME and ROLLBACKS counts.
CREATE TABLE anomalies (
    id                  BIGSERIAL     PRIMARY KEY,
    provider_id         TEXT          NOT NULL,
    game_type           TEXT          NOT NULL,
    currency            CHAR(3)       NOT NULL,
    kind                TEXT          NOT NULL CHECK (kind IN ('VOLUME', 'GGR', 'RTP', 'ROLLBACKS')),
    interval_start      TIMESTAMPTZ   NOT NULL,
    interval_end        TIMESTAMPTZ   NOT NULL,
    last_interval_start TIMESTAMPTZ   NOT NULL,
    intervals           INT           NOT NULL,
    observed            NUMERIC(30,6) NOT NULL,
    expected            NUMERIC(30,6) NOT NULL,
    lower_bound         NUMERIC(30,6) NOT NULL,
    upper_bound         NUMERIC(30,6) NOT NULL,
    score               NUMERIC(12,3) NOT NULL,
    max_score           NUMERIC(12,3) NOT NULL,
    baseline            TEXT          NOT NULL,
    samples             INT           NOT NULL,
    status              TEXT          NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED')),
    detected_at         TIMESTAMPTZ   NOT NULL,
    acknowledged_by     TEXT,
    acknowledged_at     TIMESTAMPTZ,
    acknowledge_reason  TEXT,
    version             BIGINT        NOT NULL DEFAULT 0,
    UNIQUE (provider_id, game_type, currency, kind, interval_start)
);
CREATE INDEX anomalies_open ON anomalies (provider_id, kind) WHERE status = 'OPEN';
CREATE INDEX anomalies_recent ON anomalies (interval_start DESC, id DESC);

GRANT SELECT, INSERT, UPDATE ON activity_intervals, anomaly_series, anomalies TO ${app_role};
GRANT USAGE ON SEQUENCE anomalies_id_seq TO ${app_role};
