-- Settlement: contracts, FX rates, running aggregates fed from ledger.transactions.v1, closed
-- periods, versioned statements, and an outbox for the events they publish.

-- A contract version is never changed: a new version with a later effective date replaces it.
CREATE TABLE contracts (
    provider_id    TEXT        NOT NULL,
    version        INT         NOT NULL CHECK (version > 0),
    effective_from DATE        NOT NULL,
    terms          TEXT        NOT NULL,
    terms_sha256   CHAR(64)    NOT NULL,
    created_by     TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, version),
    UNIQUE (provider_id, effective_from)
);
CREATE TRIGGER contracts_append_only BEFORE UPDATE OR DELETE ON contracts
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

-- Units of quote_currency for one base_currency on rate_date.
CREATE TABLE fx_rates (
    base_currency  CHAR(3)        NOT NULL,
    quote_currency CHAR(3)        NOT NULL,
    rate_date      DATE           NOT NULL,
    rate           NUMERIC(38, 18) NOT NULL CHECK (rate > 0),
    source         TEXT           NOT NULL,
    loaded_by      TEXT           NOT NULL,
    loaded_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (base_currency, quote_currency, rate_date)
);

-- One row per ledger transaction ever counted: the deduplication key, written in the same
-- database transaction as the aggregate update. origin_date is the business date the transaction
-- belongs to (the reversed bet's for a rollback); posting_date is where it was counted (later when
-- the origin period was already closed: a late adjustment).
CREATE TABLE processed_transactions (
    transaction_id TEXT        PRIMARY KEY,
    provider_id    TEXT        NOT NULL,
    provider_tx_id TEXT,
    ref_tx_id      TEXT,
    type           TEXT        NOT NULL,
    origin_date    DATE        NOT NULL,
    posting_date   DATE        NOT NULL,
    processed_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX processed_transactions_late ON processed_transactions (provider_id, posting_date, origin_date)
    WHERE origin_date <> posting_date;

CREATE TABLE aggregates (
    provider_id                  TEXT        NOT NULL,
    posting_date                 DATE        NOT NULL,
    origin_date                  DATE        NOT NULL,
    brand_id                     TEXT        NOT NULL,
    currency                     CHAR(3)     NOT NULL,
    game_type                    TEXT        NOT NULL,
    bet_count                    BIGINT      NOT NULL,
    bet_minor                    BIGINT      NOT NULL,
    win_count                    BIGINT      NOT NULL,
    win_minor                    BIGINT      NOT NULL,
    rollback_count               BIGINT      NOT NULL,
    rollback_minor               BIGINT      NOT NULL,
    free_round_win_count         BIGINT      NOT NULL,
    free_round_win_minor         BIGINT      NOT NULL,
    jackpot_win_count            BIGINT      NOT NULL,
    jackpot_win_minor            BIGINT      NOT NULL,
    jackpot_contribution_minor   BIGINT      NOT NULL,
    adjustment_count             BIGINT      NOT NULL,
    adjustment_minor             BIGINT      NOT NULL,
    updated_at                   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, posting_date, origin_date, brand_id, currency, game_type)
);

-- A closed period is never reopened: later transactions for it are posted as adjustments.
CREATE TABLE closed_periods (
    provider_id  TEXT        NOT NULL,
    period_start DATE        NOT NULL,
    period_end   DATE        NOT NULL,
    closed_by    TEXT        NOT NULL,
    closed_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, period_start),
    CHECK (period_end >= period_start)
);
CREATE TRIGGER closed_periods_append_only BEFORE UPDATE OR DELETE ON closed_periods
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

CREATE TABLE statements (
    statement_id        TEXT        PRIMARY KEY,
    provider_id         TEXT        NOT NULL,
    period_start        DATE        NOT NULL,
    period_end          DATE        NOT NULL,
    version             INT         NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('DRAFT', 'SUPERSEDED', 'APPROVED', 'PAID')),
    contract_version    INT         NOT NULL,
    settlement_currency CHAR(3)     NOT NULL,
    total_payable_minor BIGINT      NOT NULL,
    carry_out_minor     BIGINT      NOT NULL,
    document            TEXT        NOT NULL,
    sha256              CHAR(64)    NOT NULL,
    prepared_by         TEXT        NOT NULL,
    prepared_at         TIMESTAMPTZ NOT NULL,
    approved_by         TEXT,
    approved_at         TIMESTAMPTZ,
    paid_by             TEXT,
    paid_at             TIMESTAMPTZ,
    payment_reference   TEXT,
    UNIQUE (provider_id, period_start, version),
    CHECK (approved_by IS NULL OR approved_by <> prepared_by)
);
CREATE INDEX statements_listing ON statements (provider_id, period_end DESC);

-- Events written in the same transaction as the change they announce, relayed to Kafka after commit.
CREATE TABLE outbox (
    seq          BIGSERIAL   PRIMARY KEY,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;

GRANT SELECT, INSERT ON contracts, closed_periods, processed_transactions TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON fx_rates, aggregates, statements, outbox TO ${app_role};
GRANT USAGE ON SEQUENCE outbox_seq_seq TO ${app_role};
