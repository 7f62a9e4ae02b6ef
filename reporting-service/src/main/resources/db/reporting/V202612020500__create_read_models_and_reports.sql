-- reporting's read models (filled from Kafka, exactly once: the consumed offsets are stored with the
-- rows in one transaction), the archive of generated reports and the webhook deliveries.
-- Money is BIGINT minor units + CHAR(3) currency; exact unrounded figures of a statement are NUMERIC.
-- Tables are shaped to be served as they are (by REST now, by GraphQL later): one row per entity,
-- stable keys, no JSON that a query would have to take apart except the statement's own document.

-- The next offset to consume per source partition, sought on partition assignment.
CREATE TABLE consumer_offsets (
    group_id    TEXT   NOT NULL,
    topic       TEXT   NOT NULL,
    partition   INT    NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
);

-- Each statement version (statement_id names provider, period and version), its current status and
-- its canonical document exactly as settlement hashed it (sha256 = SHA-256 of its UTF-8 bytes).
CREATE TABLE statements (
    statement_id         TEXT        PRIMARY KEY,
    provider_id          TEXT        NOT NULL,
    period_start         DATE        NOT NULL,
    period_end           DATE        NOT NULL,
    version              INT         NOT NULL,
    status               TEXT        NOT NULL CHECK (status IN ('DRAFT', 'SUPERSEDED', 'APPROVED', 'PAID')),
    settlement_currency  CHAR(3)     NOT NULL,
    total_payable_minor  BIGINT      NOT NULL,
    fees_minor           BIGINT      NOT NULL,
    top_up_minor         BIGINT      NOT NULL,
    carry_in_minor       BIGINT      NOT NULL,
    carry_out_minor      BIGINT      NOT NULL,
    aggregator_fee_minor BIGINT      NOT NULL,
    sha256               CHAR(64)    NOT NULL,
    document             TEXT        NOT NULL,
    prepared_by          TEXT,
    prepared_at          TIMESTAMPTZ,
    approved_by          TEXT,
    approved_at          TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX statements_period ON statements (period_start, period_end, provider_id);

-- Every status event once (event id = settlement's), the statement's trail.
CREATE TABLE statement_events (
    event_id     TEXT        PRIMARY KEY,
    statement_id TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    actor        TEXT,
    reason       TEXT,
    occurred_at  TIMESTAMPTZ
);
CREATE INDEX statement_events_statement ON statement_events (statement_id);

-- The statement's lines as its document states them (one row per line, written once per version).
CREATE TABLE statement_lines (
    statement_id     TEXT    NOT NULL REFERENCES statements (statement_id),
    line_index       INT     NOT NULL,
    kind             TEXT    NOT NULL,
    game_type        TEXT    NOT NULL,
    currency         CHAR(3) NOT NULL,
    origin_date      DATE    NOT NULL,
    bet_count        BIGINT  NOT NULL,
    bets             NUMERIC NOT NULL,
    wins             NUMERIC NOT NULL,
    jackpot_wins     NUMERIC NOT NULL,
    free_round_wins  NUMERIC NOT NULL,
    ggr              NUMERIC NOT NULL,
    deductions       NUMERIC NOT NULL,
    ngr              NUMERIC NOT NULL,
    base_kind        TEXT    NOT NULL,
    base             NUMERIC NOT NULL,
    fx_from          CHAR(3) NOT NULL,
    fx_to            CHAR(3) NOT NULL,
    fx_rate          NUMERIC NOT NULL,
    fx_source        TEXT    NOT NULL,
    fx_rate_date     DATE    NOT NULL,
    base_converted   NUMERIC NOT NULL,
    fee_exact        NUMERIC NOT NULL,
    fee_minor        BIGINT  NOT NULL,
    PRIMARY KEY (statement_id, line_index)
);

-- Reconciliation breaks: class, current status, amount.
CREATE TABLE breaks (
    break_id       BIGINT      PRIMARY KEY,
    statement_id   BIGINT,
    run_id         BIGINT,
    provider_id    TEXT        NOT NULL,
    provider_tx_id TEXT        NOT NULL,
    break_class    TEXT        NOT NULL,
    business_date  DATE,
    currency       CHAR(3),
    amount_minor   BIGINT,
    status         TEXT        NOT NULL,
    resolution     TEXT,
    opened_at      TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ
);
CREATE INDEX breaks_date ON breaks (business_date, provider_id);

CREATE TABLE break_events (
    event_id    TEXT        PRIMARY KEY,
    break_id    BIGINT      NOT NULL,
    status      TEXT        NOT NULL,
    resolution  TEXT,
    actor       TEXT,
    occurred_at TIMESTAMPTZ
);

-- Daily activity per provider / brand / currency / game type / business date: counts and sums by
-- transaction type, upserted once per consumed batch.
CREATE TABLE daily_activity (
    provider_id                TEXT    NOT NULL,
    brand_id                   TEXT    NOT NULL,
    currency                   CHAR(3) NOT NULL,
    game_type                  TEXT    NOT NULL,
    business_date              DATE    NOT NULL,
    bet_count                  BIGINT  NOT NULL,
    bet_minor                  BIGINT  NOT NULL,
    win_count                  BIGINT  NOT NULL,
    win_minor                  BIGINT  NOT NULL,
    rollback_count             BIGINT  NOT NULL,
    rollback_minor             BIGINT  NOT NULL,
    jackpot_win_count          BIGINT  NOT NULL,
    jackpot_win_minor          BIGINT  NOT NULL,
    free_round_win_count       BIGINT  NOT NULL,
    free_round_win_minor       BIGINT  NOT NULL,
    adjustment_count           BIGINT  NOT NULL,
    adjustment_minor           BIGINT  NOT NULL,
    jackpot_contribution_minor BIGINT  NOT NULL,
    PRIMARY KEY (business_date, provider_id, brand_id, currency, game_type)
);

-- Transactions counted once: the ledger topic is at-least-once from ingest's outbox, so the same
-- transaction may come back at another offset; the stored offsets alone would count it twice.
CREATE TABLE counted_transactions (
    transaction_id TEXT PRIMARY KEY,
    business_date  DATE NOT NULL
);

-- Work for the report generator: one row per statement event that asks for reports.
CREATE TABLE report_jobs (
    id            BIGSERIAL   PRIMARY KEY,
    event_id      TEXT        NOT NULL UNIQUE,
    provider_id   TEXT        NOT NULL,
    business_date DATE        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Every generated report, its exact bytes and their SHA-256. Regenerating identical inputs gives the
-- same bytes and finds the row (unique key), so nothing is archived twice.
CREATE TABLE reports (
    id            BIGSERIAL   PRIMARY KEY,
    scope         TEXT        NOT NULL CHECK (scope IN ('PROVIDER', 'CONSOLIDATED')),
    provider_id   TEXT        NOT NULL DEFAULT '',
    business_date DATE        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('DRAFT', 'FINAL')),
    format        TEXT        NOT NULL CHECK (format IN ('CSV', 'XLSX', 'PDF')),
    sha256        CHAR(64)    NOT NULL,
    size_bytes    INT         NOT NULL,
    content       BYTEA       NOT NULL,
    statement_ids TEXT        NOT NULL,
    generated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (scope, provider_id, business_date, format, sha256)
);
CREATE INDEX reports_date ON reports (business_date, provider_id);

-- "Reports are ready" notifications to the deployment's webhook, and every delivery attempt.
CREATE TABLE webhook_deliveries (
    id              BIGSERIAL   PRIMARY KEY,
    payload         TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'SENT', 'FAILED')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING';

CREATE TABLE webhook_attempts (
    delivery_id  BIGINT      NOT NULL REFERENCES webhook_deliveries (id),
    attempt      INT         NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    http_status  INT,
    error        TEXT,
    duration_ms  BIGINT      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

GRANT SELECT, INSERT, UPDATE ON consumer_offsets, statements, breaks, daily_activity, webhook_deliveries
    TO ${app_role};
GRANT SELECT, INSERT ON statement_events, statement_lines, break_events, counted_transactions, reports,
    webhook_attempts TO ${app_role};
-- UPDATE only because SELECT ... FOR UPDATE needs it; rows are never updated
GRANT SELECT, INSERT, UPDATE, DELETE ON report_jobs TO ${app_role};
GRANT USAGE ON SEQUENCE report_jobs_id_seq, reports_id_seq, webhook_deliveries_id_seq TO ${app_role};
