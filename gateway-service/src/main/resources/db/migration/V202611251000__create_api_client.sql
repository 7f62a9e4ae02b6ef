-- API clients of the gateway. The client secret is stored only as a bcrypt hash. The HMAC signing
-- secret of a provider must stay usable to verify signatures, so it is stored as issued: only the
-- gateway's roles can read this table (see gateway-service/README.md).
CREATE TABLE api_client (
    client_id       TEXT        PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    secret_hash     TEXT        NOT NULL,
    role            TEXT        NOT NULL CHECK (role IN ('PROVIDER', 'OPERATOR', 'FINANCE', 'AUDITOR', 'ADMIN')),
    provider_id     TEXT        CHECK (provider_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    signing_secret  TEXT,
    allowed_cidrs   TEXT[]      NOT NULL DEFAULT '{}',
    rate_per_second INTEGER     NOT NULL CHECK (rate_per_second > 0),
    burst           INTEGER     NOT NULL CHECK (burst > 0),
    enabled         BOOLEAN     NOT NULL DEFAULT TRUE,
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    -- a PROVIDER is bound to exactly one provider and signs its requests; nobody else is bound
    CONSTRAINT api_client_provider_binding CHECK ((role = 'PROVIDER') = (provider_id IS NOT NULL)),
    CONSTRAINT api_client_provider_signs CHECK (role <> 'PROVIDER' OR signing_secret IS NOT NULL)
);

GRANT SELECT, INSERT, UPDATE ON api_client TO ${app_role};

-- Every request through the gateway, allowed or refused. Append-only like audit_log.
CREATE TABLE access_log (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    client_id   TEXT,
    role        TEXT,
    provider_id TEXT,
    source_ip   TEXT        NOT NULL,
    method      TEXT        NOT NULL,
    path        TEXT        NOT NULL,
    status      SMALLINT    NOT NULL,
    latency_ms  INTEGER     NOT NULL,
    request_id  TEXT        NOT NULL,
    refusal     TEXT
);

CREATE INDEX access_log_time ON access_log (occurred_at);
CREATE INDEX access_log_client_time ON access_log (client_id, occurred_at);

CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION reject_modification();

GRANT SELECT, INSERT ON access_log TO ${app_role};
GRANT USAGE ON SEQUENCE access_log_id_seq TO ${app_role};
