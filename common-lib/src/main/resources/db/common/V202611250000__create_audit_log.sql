-- Shared by every service: each runs it in its own schema under its own Flyway history.
-- The audit log is append-only twice over: the application role holds only INSERT and SELECT,
-- and a trigger refuses UPDATE, DELETE and TRUNCATE even to the owner.

CREATE FUNCTION reject_modification() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TABLE audit_log (
    seq          BIGINT      PRIMARY KEY,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor        TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    entity_type  TEXT        NOT NULL,
    entity_id    TEXT        NOT NULL,
    before_state TEXT,
    after_state  TEXT,
    reason       TEXT,
    request_id   TEXT,
    prev_hash    CHAR(64)    NOT NULL,
    hash         CHAR(64)    NOT NULL UNIQUE
);

CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION reject_modification();

GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT SELECT, INSERT ON audit_log TO ${app_role};
