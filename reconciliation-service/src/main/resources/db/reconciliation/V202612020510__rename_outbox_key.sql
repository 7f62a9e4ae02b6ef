-- service-support's outbox has one shape in every service: outbox(id, topic, msg_key, payload,
-- created_at). Its relay serialises replicas with an advisory lock instead of row locks
-- (FOR UPDATE SKIP LOCKED let a second replica send later rows of a key before earlier ones), so the
-- app role no longer needs UPDATE.
ALTER TABLE outbox RENAME COLUMN key TO msg_key;
REVOKE UPDATE ON outbox FROM ${app_role};
