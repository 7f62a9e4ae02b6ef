-- The signed head of each UTC day of the audit log (DailyHeadSigner): what was published on
-- audit.heads.v1. Kept here to serve inclusion proofs; verification never trusts this table, it
-- checks the chain against the heads read back from the topic, signatures verified with the public
-- key (which the database does not hold). Append-only like the audit log.
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
    signed_at     TIMESTAMPTZ NOT NULL,
    CHECK (last_seq >= first_seq - 1)
);

CREATE INDEX audit_heads_last_seq ON audit_heads (last_seq);

CREATE TRIGGER audit_heads_append_only
    BEFORE UPDATE OR DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

CREATE TRIGGER audit_heads_no_truncate
    BEFORE TRUNCATE ON audit_heads
    FOR EACH STATEMENT EXECUTE FUNCTION reject_modification();

GRANT SELECT, INSERT ON audit_heads TO ${app_role};
