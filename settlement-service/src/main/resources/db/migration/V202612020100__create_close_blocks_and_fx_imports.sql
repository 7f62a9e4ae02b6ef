-- A scheduled close that could not run (missing FX rate, unpriced game type, ...): one row per
-- provider, period and reason while it stays blocked. The row is what makes the failure loud exactly
-- once (audit entry and notification when it is inserted, not on every scheduler tick), feeds the
-- clearhouse_settlement_close_blocked gauge, and names what to retry when an input arrives.
-- resolved_at is set when the period finally closes (or the reason changes).
CREATE TABLE close_blocks (
    provider_id      TEXT        NOT NULL,
    period_start     DATE        NOT NULL,
    period_end       DATE        NOT NULL,
    reason           TEXT        NOT NULL,
    detail           TEXT        NOT NULL,
    first_failed_at  TIMESTAMPTZ NOT NULL,
    last_failed_at   TIMESTAMPTZ NOT NULL,
    attempts         INTEGER     NOT NULL,
    resolved_at      TIMESTAMPTZ,
    PRIMARY KEY (provider_id, period_start, reason)
);
CREATE INDEX close_blocks_open ON close_blocks (provider_id, period_start) WHERE resolved_at IS NULL;

-- Scheduled FX imports already applied, by the SHA-256 of the file: the same file twice changes nothing.
CREATE TABLE fx_imports (
    sha256      CHAR(64)    PRIMARY KEY,
    source      TEXT        NOT NULL,
    url         TEXT        NOT NULL,
    rates       INTEGER     NOT NULL,
    changed     INTEGER     NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON close_blocks TO ${app_role};
GRANT SELECT, INSERT ON fx_imports TO ${app_role};
