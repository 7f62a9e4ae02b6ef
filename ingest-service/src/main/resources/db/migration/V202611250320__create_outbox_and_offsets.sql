-- Transactional outbox: written in the same database transaction as the rows it announces, relayed
-- to Kafka in id order by one relay at a time, deleted only after the broker acknowledged it.
CREATE TABLE outbox (
    id         BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    msg_key    TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

GRANT SELECT, INSERT, DELETE ON outbox TO ${app_role};
GRANT USAGE ON SEQUENCE outbox_id_seq TO ${app_role};

-- The next offset to consume per source partition, written in the batch's database transaction and
-- sought on partition assignment: a crash anywhere between poll and commit replays exactly the
-- records whose effects were not committed.
CREATE TABLE consumer_offsets (
    group_id    TEXT   NOT NULL,
    topic       TEXT   NOT NULL,
    partition   INT    NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
);

GRANT SELECT, INSERT, UPDATE ON consumer_offsets TO ${app_role};

-- What other services (and ingest's own exception events) said about a transaction, from
-- transaction.history.v1, kept once per event id for GET /v1/transactions/{id}/history.
CREATE TABLE history_events (
    event_id       TEXT        PRIMARY KEY,
    provider_id    TEXT        NOT NULL,
    provider_tx_id TEXT        NOT NULL,
    service        TEXT        NOT NULL,
    action         TEXT        NOT NULL,
    actor          TEXT,
    occurred_at    TIMESTAMPTZ,
    detail         TEXT        NOT NULL,
    stored_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX history_events_tx ON history_events (provider_id, provider_tx_id);

CREATE TRIGGER history_events_append_only BEFORE UPDATE OR DELETE ON history_events
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

GRANT SELECT, INSERT ON history_events TO ${app_role};
