-- service-support's outbox has one shape in every service: outbox(id, topic, msg_key, payload,
-- created_at), relayed in id order under an advisory lock, rows deleted once Kafka acknowledged them
-- (instead of marked published_at). Rows already published are history nobody reads: dropped.
DELETE FROM outbox WHERE published_at IS NOT NULL;
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN published_at;
ALTER TABLE outbox RENAME COLUMN seq TO id;
ALTER TABLE outbox RENAME COLUMN message_key TO msg_key;
ALTER SEQUENCE outbox_seq_seq RENAME TO outbox_id_seq;
ALTER TABLE outbox ALTER COLUMN created_at SET DEFAULT now();

REVOKE UPDATE ON outbox FROM ${app_role};
GRANT DELETE ON outbox TO ${app_role};
