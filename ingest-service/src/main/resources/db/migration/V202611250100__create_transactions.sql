-- Recorded provider transactions: one row per (provider, providerTxId), never updated.
-- source_partition/source_offset name the Kafka record the row came from, so a redelivery of the
-- same record is recognised as such and never counted as a provider duplicate.
CREATE TABLE transactions (
    provider_id                TEXT        NOT NULL,
    provider_tx_id             TEXT        NOT NULL,
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
    free_round                 BOOLEAN     NOT NULL,
    campaign_id                TEXT,
    jackpot_contribution_minor BIGINT,
    content_hash               CHAR(64)    NOT NULL,
    received_at                TIMESTAMPTZ,
    recorded_at                TIMESTAMPTZ NOT NULL,
    request_id                 TEXT,
    source_partition           INT         NOT NULL,
    source_offset              BIGINT      NOT NULL,
    PRIMARY KEY (provider_id, provider_tx_id)
);

CREATE INDEX transactions_source ON transactions (source_partition, source_offset);
CREATE INDEX transactions_business_date ON transactions (provider_id, business_date);

-- Deliveries of an already recorded transaction with the same content: counted, no effect.
CREATE TABLE duplicates (
    provider_id      TEXT        NOT NULL,
    provider_tx_id   TEXT        NOT NULL,
    content_hash     CHAR(64)    NOT NULL,
    received_at      TIMESTAMPTZ,
    recorded_at      TIMESTAMPTZ NOT NULL,
    request_id       TEXT,
    source_partition INT         NOT NULL,
    source_offset    BIGINT      NOT NULL,
    PRIMARY KEY (source_partition, source_offset)
);

CREATE INDEX duplicates_key ON duplicates (provider_id, provider_tx_id);

-- Deliveries with the key of a recorded transaction but other content: the original stands,
-- the conflicting payload is kept for operators.
CREATE TABLE conflicts (
    provider_id      TEXT        NOT NULL,
    provider_tx_id   TEXT        NOT NULL,
    content_hash     CHAR(64)    NOT NULL,
    original_hash    CHAR(64)    NOT NULL,
    payload          TEXT        NOT NULL,
    received_at      TIMESTAMPTZ,
    recorded_at      TIMESTAMPTZ NOT NULL,
    request_id       TEXT,
    source_partition INT         NOT NULL,
    source_offset    BIGINT      NOT NULL,
    PRIMARY KEY (source_partition, source_offset)
);

CREATE INDEX conflicts_key ON conflicts (provider_id, provider_tx_id);

GRANT SELECT, INSERT ON transactions, duplicates, conflicts TO ${app_role};
