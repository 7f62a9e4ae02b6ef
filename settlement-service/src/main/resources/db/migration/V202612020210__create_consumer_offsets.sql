-- The next ledger offset to consume per partition, written in the same database transaction as the
-- counted rows: after a failover to a replica that lacks the last commits, the listener seeks to the
-- replica's own offsets and counts those transactions again, instead of trusting Kafka's committed
-- offset (which would skip them). Kafka's offset is still committed, for lag only.
CREATE TABLE consumer_offsets (
    group_id    TEXT   NOT NULL,
    topic       TEXT   NOT NULL,
    partition   INT    NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
);

GRANT SELECT, INSERT, UPDATE ON consumer_offsets TO ${app_role};

-- What was counted, per transaction, for the consistency check against ingest's ledger (rows counted
-- before this migration have nulls and are compared by id only).
ALTER TABLE processed_transactions
    ADD COLUMN business_date DATE,
    ADD COLUMN amount_minor  BIGINT,
    ADD COLUMN currency      CHAR(3);
CREATE INDEX processed_transactions_business_date ON processed_transactions (business_date);
