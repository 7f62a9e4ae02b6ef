-- Reconciliation: provider statements, their lines (the COPY target), matching runs, the exception
-- queue and an outbox. The internal side is never copied here: runs join ingest.ledger_view.

-- How each provider's statement files look and how its breaks are judged.
CREATE TABLE provider_settings (
    provider_id              TEXT        PRIMARY KEY,
    delimiter                CHAR(1)     NOT NULL DEFAULT ',',
    decimal_separator        CHAR(1)     NOT NULL DEFAULT '.',
    date_format              TEXT,                      -- java.time pattern; null = ISO 8601
    time_zone                TEXT        NOT NULL DEFAULT 'UTC',
    cutoff_hour              INT         NOT NULL DEFAULT 0 CHECK (cutoff_hour BETWEEN 0 AND 23),
    column_aliases           TEXT        NOT NULL DEFAULT '{}', -- JSON: field -> [header aliases]
    tolerance_minor          BIGINT      NOT NULL DEFAULT 0 CHECK (tolerance_minor >= 0),
    alert_max_open_count     BIGINT,
    alert_max_open_amount_minor BIGINT,
    updated_by               TEXT        NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
);

CREATE TABLE statements (
    id             BIGINT      PRIMARY KEY,
    provider_id    TEXT        NOT NULL,
    sha256         CHAR(64)    NOT NULL,
    format         TEXT        NOT NULL,
    line_count     BIGINT      NOT NULL,
    loaded_count   BIGINT      NOT NULL,
    error_count    BIGINT      NOT NULL,
    period_from    DATE,
    period_to      DATE,
    size_bytes     BIGINT      NOT NULL,
    uploaded_by    TEXT        NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (provider_id, sha256)
);

CREATE SEQUENCE statement_ids;

-- One row per good statement line, written by COPY inside the upload's database transaction (a
-- rejected upload rolls back and leaves nothing). No foreign key: the statement row is inserted
-- after the lines (its SHA-256 is known only at the end of the stream) in the same transaction.
CREATE TABLE statement_lines (
    statement_id   BIGINT      NOT NULL,
    line_no        BIGINT      NOT NULL,
    provider_tx_id TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    amount_minor   BIGINT      NOT NULL,
    currency       CHAR(3)     NOT NULL,
    occurred_at    TIMESTAMPTZ,
    business_date  DATE        NOT NULL,
    round_id       TEXT,
    player_ref     TEXT,
    brand_id       TEXT,
    game_id        TEXT,
    game_type      TEXT
);

CREATE INDEX statement_lines_statement ON statement_lines (statement_id, line_no);

CREATE TABLE statement_errors (
    statement_id BIGINT NOT NULL REFERENCES statements (id),
    line_no      BIGINT NOT NULL,
    column_name  TEXT,
    reason       TEXT   NOT NULL
);

CREATE INDEX statement_errors_statement ON statement_errors (statement_id, line_no);

-- A matching run of one statement. Re-running a statement makes a new run; exceptions carry over.
CREATE TABLE runs (
    id            BIGSERIAL   PRIMARY KEY,
    statement_id  BIGINT      NOT NULL REFERENCES statements (id),
    provider_id   TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    period_from   DATE,
    period_to     DATE,
    tolerance_minor BIGINT,
    requested_by  TEXT        NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    failure       TEXT
);

CREATE INDEX runs_statement ON runs (statement_id, id);

-- Counts and amounts per class (and currency) of one run; MATCHED lines live only here.
CREATE TABLE run_class_totals (
    run_id                  BIGINT NOT NULL REFERENCES runs (id),
    class                   TEXT   NOT NULL,
    currency                CHAR(3) NOT NULL,
    line_count              BIGINT NOT NULL,
    statement_amount_minor  BIGINT NOT NULL,
    internal_amount_minor   BIGINT NOT NULL,
    PRIMARY KEY (run_id, class, currency)
);

-- Totals per business day and currency, statement side against ingest side.
CREATE TABLE run_day_totals (
    run_id                  BIGINT NOT NULL REFERENCES runs (id),
    business_date           DATE   NOT NULL,
    currency                CHAR(3) NOT NULL,
    statement_count         BIGINT NOT NULL,
    statement_amount_minor  BIGINT NOT NULL,
    internal_count          BIGINT NOT NULL,
    internal_amount_minor   BIGINT NOT NULL,
    PRIMARY KEY (run_id, business_date, currency)
);

-- The exception queue: one row per break of a statement (a re-run finds the same row again).
CREATE TABLE exceptions (
    id                        BIGSERIAL   PRIMARY KEY,
    statement_id              BIGINT      NOT NULL REFERENCES statements (id),
    first_run_id              BIGINT      NOT NULL REFERENCES runs (id),
    last_run_id               BIGINT      NOT NULL REFERENCES runs (id),
    provider_id               TEXT        NOT NULL,
    provider_tx_id            TEXT        NOT NULL,
    class                     TEXT        NOT NULL,
    line_no                   BIGINT      NOT NULL DEFAULT 0, -- 0 = no statement line (MISSING_PROVIDER)
    business_date             DATE        NOT NULL,
    currency                  CHAR(3)     NOT NULL,
    amount_minor              BIGINT      NOT NULL,           -- size of the break, >= 0
    statement_type            TEXT,
    statement_amount_minor    BIGINT,
    statement_currency        CHAR(3),
    statement_business_date   DATE,
    internal_type             TEXT,
    internal_amount_minor     BIGINT,
    internal_currency         CHAR(3),
    internal_business_date    DATE,
    internal_round_id         TEXT,
    internal_player_ref       TEXT,
    internal_brand_id         TEXT,
    internal_game_id          TEXT,
    internal_game_type        TEXT,
    status                    TEXT        NOT NULL CHECK (status IN ('OPEN', 'PENDING_APPROVAL', 'RESOLVED', 'CLEARED')),
    assignee                  TEXT,
    resolution                TEXT,
    resolution_note           TEXT,
    resolved_by               TEXT,
    resolved_at               TIMESTAMPTZ,
    adjustment_tx_id          TEXT,
    adjustment_occurred_at    TIMESTAMPTZ,                 -- reused on a repeat: same content, a duplicate
    version                   BIGINT      NOT NULL DEFAULT 0,
    opened_at                 TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    UNIQUE (statement_id, provider_tx_id, class, line_no)
);

CREATE INDEX exceptions_queue ON exceptions (provider_id, status, class, business_date);
CREATE INDEX exceptions_assignee ON exceptions (assignee) WHERE assignee IS NOT NULL;

CREATE TABLE exception_comments (
    id           BIGSERIAL   PRIMARY KEY,
    exception_id BIGINT      NOT NULL REFERENCES exceptions (id),
    actor        TEXT        NOT NULL,
    text         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX exception_comments_exception ON exception_comments (exception_id, id);

CREATE TRIGGER exception_comments_append_only
    BEFORE UPDATE OR DELETE ON exception_comments
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

-- Transactional outbox: events written in the same transaction as their effect, relayed to Kafka
-- at least once (every payload carries a deterministic id, so consumers dedupe).
CREATE TABLE outbox (
    id         BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    key        TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE ON provider_settings, statements, runs, exceptions TO ${app_role};
GRANT SELECT, INSERT ON statement_lines, statement_errors, run_class_totals, run_day_totals,
    exception_comments TO ${app_role};
GRANT SELECT, INSERT, DELETE ON outbox TO ${app_role};
GRANT USAGE ON SEQUENCE statement_ids, runs_id_seq, exceptions_id_seq, exception_comments_id_seq,
    outbox_id_seq TO ${app_role};
