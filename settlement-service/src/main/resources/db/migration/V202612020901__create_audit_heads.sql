-- Ingest's signed daily audit heads as read from audit.heads.v1 (signature verified when the public
-- key is configured): the close copies the latest one through the period end into the statement
-- document, so that finance documents carry the anchor of the ledger they settle. Append-only.
CREATE TABLE audit_heads (
    day           DATE        PRIMARY KEY,
    first_seq     BIGINT      NOT NULL,
    last_seq      BIGINT      NOT NULL,
    chain_hash    CHAR(64)    NOT NULL,
    merkle_root   CHAR(64)    NOT NULL,
    batches       BIGINT      NOT NULL,
    transactions  BIGINT      NOT NULL,
    key_id        TEXT        NOT NULL,
    signature     TEXT        NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL
);

CREATE TRIGGER audit_heads_append_only
    BEFORE UPDATE OR DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

GRANT SELECT, INSERT ON audit_heads TO ${app_role};
