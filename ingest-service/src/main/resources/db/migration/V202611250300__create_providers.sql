-- Per-provider ingest settings, maintained through the ADMIN API (PUT /v1/ingest/providers/{id}).
-- A provider without a row here is recorded with the documented defaults (UTC, cut-off 00:00,
-- uniqueness by provider transaction id, the service-wide rollback wait), and reported as such.
CREATE TABLE providers (
    provider_id           TEXT        PRIMARY KEY,
    time_zone             TEXT        NOT NULL,
    cutoff_hour           INT         NOT NULL CHECK (cutoff_hour BETWEEN 0 AND 23),
    uniqueness_mode       TEXT        NOT NULL CHECK (uniqueness_mode IN ('PROVIDER_TX_ID', 'PROVIDER_TX_ID_PLAYER')),
    rollback_wait_seconds BIGINT      CHECK (rollback_wait_seconds > 0),
    updated_at            TIMESTAMPTZ NOT NULL,
    updated_by            TEXT        NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON providers TO ${app_role};
