-- ingest.transactions becomes partitioned by business date (one partition a day, created ahead by
-- the service through ensure_transaction_partition, plus a DEFAULT partition as a safety net).
-- A unique key on a partitioned table must contain the partition key, so uniqueness moves to the
-- non-partitioned transaction_keys table: one row per provider key and its first judgement
-- (RECORDED, PARKED rollback waiting for its bet, or REJECTED with a reason). Rows are never updated.

ALTER TABLE transactions RENAME TO transactions_legacy;
ALTER INDEX transactions_pkey RENAME TO transactions_legacy_pkey;
ALTER INDEX transactions_source RENAME TO transactions_legacy_source;
ALTER INDEX transactions_business_date RENAME TO transactions_legacy_business_date;

-- key_player_ref is '' for providers whose ids are unique per provider, the player ref for those
-- whose ids are unique per player only (uniqueness_mode PROVIDER_TX_ID_PLAYER).
CREATE TABLE transaction_keys (
    provider_id      TEXT        NOT NULL,
    provider_tx_id   TEXT        NOT NULL,
    key_player_ref   TEXT        NOT NULL,
    transaction_id   UUID        NOT NULL UNIQUE,
    fate             TEXT        NOT NULL CHECK (fate IN ('RECORDED', 'PARKED', 'REJECTED')),
    reason           TEXT,
    type             TEXT        NOT NULL,
    amount_minor     BIGINT      NOT NULL,
    currency         CHAR(3)     NOT NULL,
    business_date    DATE        NOT NULL,
    content_hash     CHAR(64)    NOT NULL,
    received_at      TIMESTAMPTZ,
    judged_at        TIMESTAMPTZ NOT NULL,
    batch_id         BIGINT,
    source_partition INT         NOT NULL,
    source_offset    BIGINT      NOT NULL,
    PRIMARY KEY (provider_id, provider_tx_id, key_player_ref)
);

CREATE TABLE transactions (
    transaction_id             UUID        NOT NULL,
    provider_id                TEXT        NOT NULL,
    provider_tx_id             TEXT        NOT NULL,
    key_player_ref             TEXT        NOT NULL,
    round_id                   TEXT        NOT NULL,
    player_ref                 TEXT        NOT NULL,
    brand_id                   TEXT        NOT NULL,
    game_id                    TEXT        NOT NULL,
    game_type                  TEXT        NOT NULL,
    type                       TEXT        NOT NULL,
    amount_minor               BIGINT      NOT NULL,
    currency                   CHAR(3)     NOT NULL,
    occurred_at                TIMESTAMPTZ NOT NULL,
    business_date              DATE        NOT NULL,
    ref_tx_id                  TEXT,
    reverses_business_date     DATE,
    free_round                 BOOLEAN     NOT NULL,
    campaign_id                TEXT,
    jackpot_contribution_minor BIGINT,
    content_hash               CHAR(64)    NOT NULL,
    received_at                TIMESTAMPTZ,
    recorded_at                TIMESTAMPTZ NOT NULL,
    request_id                 TEXT,
    -- the audited batch that recorded the row (null for rows recorded before batches were numbered)
    batch_id                   BIGINT,
    batch_pos                  INT,
    source_partition           INT         NOT NULL,
    source_offset              BIGINT      NOT NULL,
    PRIMARY KEY (business_date, transaction_id)
) PARTITION BY RANGE (business_date);

CREATE TABLE transactions_default PARTITION OF transactions DEFAULT;

CREATE INDEX transactions_key ON transactions (provider_id, provider_tx_id);
CREATE INDEX transactions_batch ON transactions (batch_id, batch_pos);
CREATE INDEX transactions_provider_date ON transactions (provider_id, business_date);

-- Rows recorded before this migration (a local stack's earlier runs) keep their content.
INSERT INTO transaction_keys (provider_id, provider_tx_id, key_player_ref, transaction_id, fate, type, amount_minor,
                              currency, business_date, content_hash, received_at, judged_at, source_partition,
                              source_offset)
SELECT provider_id, provider_tx_id, '', gen_random_uuid(), 'RECORDED', type, amount_minor, currency, business_date,
       content_hash, received_at, recorded_at, source_partition, source_offset
FROM transactions_legacy;

INSERT INTO transactions (transaction_id, provider_id, provider_tx_id, key_player_ref, round_id, player_ref, brand_id,
                          game_id, game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id,
                          free_round, campaign_id, jackpot_contribution_minor, content_hash, received_at, recorded_at,
                          request_id, source_partition, source_offset)
SELECT k.transaction_id, l.provider_id, l.provider_tx_id, '', l.round_id, l.player_ref, l.brand_id, l.game_id,
       l.game_type, l.type, l.amount_minor, l.currency, l.occurred_at, l.business_date, l.ref_tx_id, l.free_round,
       l.campaign_id, l.jackpot_contribution_minor, l.content_hash, l.received_at, l.recorded_at, l.request_id,
       l.source_partition, l.source_offset
FROM transactions_legacy l
JOIN transaction_keys k ON k.provider_id = l.provider_id AND k.provider_tx_id = l.provider_tx_id
                       AND k.key_player_ref = '';

-- Same columns in the same order, new ones appended: the view keeps its grants and any object
-- that depends on it in other schemas.
CREATE OR REPLACE VIEW ledger_view AS
SELECT provider_id, provider_tx_id, player_ref, round_id, brand_id, game_id, game_type, type,
       amount_minor, currency, occurred_at, business_date, ref_tx_id, free_round,
       jackpot_contribution_minor, content_hash, recorded_at, transaction_id, reverses_business_date
FROM transactions;

DROP TABLE transactions_legacy;

-- Deliveries after the first one are judged against the first by key.
ALTER TABLE duplicates ADD COLUMN key_player_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE duplicates ADD COLUMN batch_id BIGINT;
ALTER TABLE conflicts ADD COLUMN key_player_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE conflicts ADD COLUMN batch_id BIGINT;

-- A ROLLBACK reverses its BET at most once: the primary key is the bet's key.
CREATE TABLE reversals (
    provider_id             TEXT        NOT NULL,
    bet_provider_tx_id      TEXT        NOT NULL,
    key_player_ref          TEXT        NOT NULL,
    rollback_provider_tx_id TEXT        NOT NULL,
    rollback_transaction_id UUID        NOT NULL UNIQUE,
    applied_at              TIMESTAMPTZ NOT NULL,
    batch_id                BIGINT      NOT NULL,
    PRIMARY KEY (provider_id, bet_provider_tx_id, key_player_ref)
);

-- A ROLLBACK that arrived before its BET: kept whole until the bet arrives (then recorded) or the
-- wait window ends (then an exception). The outcome is a separate row, never an update.
CREATE TABLE parked_rollbacks (
    provider_id                TEXT        NOT NULL,
    provider_tx_id             TEXT        NOT NULL,
    key_player_ref             TEXT        NOT NULL,
    transaction_id             UUID        NOT NULL UNIQUE,
    round_id                   TEXT        NOT NULL,
    player_ref                 TEXT        NOT NULL,
    brand_id                   TEXT        NOT NULL,
    game_id                    TEXT        NOT NULL,
    game_type                  TEXT        NOT NULL,
    type                       TEXT        NOT NULL,
    amount_minor               BIGINT      NOT NULL,
    currency                   CHAR(3)     NOT NULL,
    occurred_at                TIMESTAMPTZ NOT NULL,
    business_date              DATE        NOT NULL,
    ref_tx_id                  TEXT        NOT NULL,
    free_round                 BOOLEAN     NOT NULL,
    campaign_id                TEXT,
    jackpot_contribution_minor BIGINT,
    content_hash               CHAR(64)    NOT NULL,
    received_at                TIMESTAMPTZ,
    request_id                 TEXT,
    source_partition           INT         NOT NULL,
    source_offset              BIGINT      NOT NULL,
    parked_at                  TIMESTAMPTZ NOT NULL,
    expires_at                 TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, provider_tx_id, key_player_ref)
);

CREATE INDEX parked_rollbacks_bet ON parked_rollbacks (provider_id, ref_tx_id, key_player_ref);
CREATE INDEX parked_rollbacks_expiry ON parked_rollbacks (expires_at);

CREATE TABLE parked_outcomes (
    provider_id    TEXT        NOT NULL,
    provider_tx_id TEXT        NOT NULL,
    key_player_ref TEXT        NOT NULL,
    outcome        TEXT        NOT NULL CHECK (outcome IN ('APPLIED', 'REJECTED', 'EXPIRED')),
    reason         TEXT,
    resolved_at    TIMESTAMPTZ NOT NULL,
    batch_id       BIGINT      NOT NULL,
    PRIMARY KEY (provider_id, provider_tx_id, key_player_ref)
);

-- Numbers the audited batches; every recorded row names its batch, so audit verify can recompute
-- each batch's Merkle root from the rows alone.
CREATE SEQUENCE ingest_batch_seq;

-- Ledger rows and their judgements are append-only, even for the owner.
CREATE TRIGGER transactions_append_only BEFORE UPDATE OR DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION reject_modification();
CREATE TRIGGER transaction_keys_append_only BEFORE UPDATE OR DELETE ON transaction_keys
    FOR EACH ROW EXECUTE FUNCTION reject_modification();
CREATE TRIGGER reversals_append_only BEFORE UPDATE OR DELETE ON reversals
    FOR EACH ROW EXECUTE FUNCTION reject_modification();
CREATE TRIGGER parked_outcomes_append_only BEFORE UPDATE OR DELETE ON parked_outcomes
    FOR EACH ROW EXECUTE FUNCTION reject_modification();
CREATE TRIGGER duplicates_append_only BEFORE UPDATE OR DELETE ON duplicates
    FOR EACH ROW EXECUTE FUNCTION reject_modification();
CREATE TRIGGER conflicts_append_only BEFORE UPDATE OR DELETE ON conflicts
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

/*
 * Creates the partition of one business date if it does not exist. Runs with the owner's rights
 * (the app role cannot create tables). Rows that already fell into the DEFAULT partition for that
 * date are moved: the default is detached and replaced, and its rows re-inserted through the parent
 * (INSERT only, so the append-only trigger never has to be bypassed).
 */
CREATE FUNCTION ensure_transaction_partition(d DATE) RETURNS BOOLEAN
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema} AS
$$
DECLARE
    part TEXT := 'transactions_' || to_char(d, 'YYYYMMDD');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('${flyway:defaultSchema}.transactions.partitions'));
    IF to_regclass(part) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    IF EXISTS (SELECT 1 FROM transactions_default WHERE business_date = d) THEN
        ALTER TABLE transactions DETACH PARTITION transactions_default;
        ALTER TABLE transactions_default RENAME TO transactions_default_moving;
        CREATE TABLE transactions_default PARTITION OF transactions DEFAULT;
        EXECUTE format('CREATE TABLE %I PARTITION OF transactions FOR VALUES FROM (%L) TO (%L)', part, d, d + 1);
        INSERT INTO transactions SELECT * FROM transactions_default_moving;
        DROP TABLE transactions_default_moving;
    ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF transactions FOR VALUES FROM (%L) TO (%L)', part, d, d + 1);
    END IF;
    RETURN TRUE;
END
$$;

REVOKE ALL ON FUNCTION ensure_transaction_partition(DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_transaction_partition(DATE) TO ${app_role};
GRANT SELECT, INSERT ON transactions, transaction_keys, reversals, parked_rollbacks, parked_outcomes TO ${app_role};
GRANT USAGE ON SEQUENCE ingest_batch_seq TO ${app_role};
