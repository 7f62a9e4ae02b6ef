-- The ingest exception queue: conflicts, expired parked rollbacks and dead letters as exceptions an
-- operator lists, assigns, comments and resolves (docs/decisions/ingest-exception-queue.md). Opened in the
-- transaction that judged them (conflicts, expiries) or by the dead-letter listener, once each: the
-- source reference is unique. Every action is appended to audit_log with who and why.
CREATE TABLE ingest_exceptions (
    id              BIGSERIAL   PRIMARY KEY,
    kind            TEXT        NOT NULL CHECK (kind IN ('CONFLICT', 'ROLLBACK_EXPIRED', 'DEAD_LETTER')),
    source_ref      TEXT        NOT NULL UNIQUE,
    provider_id     TEXT,
    provider_tx_id  TEXT,
    key_player_ref  TEXT,
    reason          TEXT,
    payload         TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'DISMISSED')),
    assignee        TEXT,
    resolution      TEXT        CHECK (resolution IN ('ACCEPT_ORIGINAL', 'POST_CORRECTION', 'REPLAY', 'DISMISS')),
    resolution_note TEXT,
    resolved_by     TEXT,
    resolved_at     TIMESTAMPTZ,
    posted_tx_id    TEXT,
    version         BIGINT      NOT NULL DEFAULT 0,
    opened_at       TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX ingest_exceptions_queue ON ingest_exceptions (status, kind, id);
CREATE INDEX ingest_exceptions_provider ON ingest_exceptions (provider_id, id);

CREATE TABLE ingest_exception_comments (
    id           BIGSERIAL   PRIMARY KEY,
    exception_id BIGINT      NOT NULL REFERENCES ingest_exceptions (id),
    actor        TEXT        NOT NULL,
    text         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ingest_exception_comments_exception ON ingest_exception_comments (exception_id, id);
CREATE TRIGGER ingest_exception_comments_append_only BEFORE UPDATE OR DELETE ON ingest_exception_comments
    FOR EACH ROW EXECUTE FUNCTION reject_modification();

GRANT SELECT, INSERT, UPDATE ON ingest_exceptions TO ${app_role};
GRANT SELECT, INSERT ON ingest_exception_comments TO ${app_role};
GRANT USAGE ON SEQUENCE ingest_exceptions_id_seq, ingest_exception_comments_id_seq TO ${app_role};

-- what was open before the queue existed becomes part of it
INSERT INTO ingest_exceptions (kind, source_ref, provider_id, provider_tx_id, key_player_ref, reason, payload, status,
                               opened_at, updated_at)
SELECT 'CONFLICT', 'conflict:' || source_partition || ':' || source_offset, provider_id, provider_tx_id, key_player_ref,
       'same key as a recorded transaction with other content; the original stands', payload, 'OPEN', recorded_at,
       recorded_at
FROM conflicts
ON CONFLICT (source_ref) DO NOTHING;

INSERT INTO ingest_exceptions (kind, source_ref, provider_id, provider_tx_id, key_player_ref, reason, payload, status,
                               opened_at, updated_at)
SELECT 'ROLLBACK_EXPIRED', 'expired:' || o.provider_id || ':' || o.provider_tx_id || ':' || o.key_player_ref,
       o.provider_id, o.provider_tx_id, o.key_player_ref, o.reason,
       jsonb_build_object('providerId', p.provider_id, 'providerTxId', p.provider_tx_id, 'roundId', p.round_id,
           'playerRef', p.player_ref, 'brandId', p.brand_id, 'gameId', p.game_id, 'gameType', p.game_type,
           'type', p.type, 'amountMinor', p.amount_minor, 'currency', p.currency, 'occurredAt', p.occurred_at,
           'refTxId', p.ref_tx_id, 'freeRound', p.free_round, 'campaignId', p.campaign_id,
           'jackpotContributionMinor', p.jackpot_contribution_minor)::text,
       'OPEN', o.resolved_at, o.resolved_at
FROM parked_outcomes o
JOIN parked_rollbacks p USING (provider_id, provider_tx_id, key_player_ref)
WHERE o.outcome = 'EXPIRED'
ON CONFLICT (source_ref) DO NOTHING;
