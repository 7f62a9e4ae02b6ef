package io.clearhouse.ingest.exception;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens exceptions in the transaction that judged their cause, so that one exists exactly when its cause
 * committed: the batch's new conflicts and expired rollbacks (by batch id), and dead letters (by their
 * original coordinates, whatever number of times the DLT delivers them). Two statements a batch, never
 * a write per row; a source reference is opened at most once.
 */
@Component
public class ExceptionIntake {

    static final String CONFLICT_REASON = "same key as a recorded transaction with other content; the original stands";

    private final JdbcTemplate jdbc;

    ExceptionIntake(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens the exceptions of one judged batch (conflicts and expired rollbacks it wrote). */
    public void openForBatch(long batchId, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("""
                INSERT INTO ingest_exceptions (kind, source_ref, provider_id, provider_tx_id, key_player_ref, reason,
                    payload, status, opened_at, updated_at)
                SELECT 'CONFLICT', 'conflict:' || source_partition || ':' || source_offset, provider_id, provider_tx_id,
                       key_player_ref, ?, payload, 'OPEN', ?, ?
                FROM conflicts WHERE batch_id = ?
                ON CONFLICT (source_ref) DO NOTHING""", CONFLICT_REASON, at, at, batchId);
        jdbc.update("""
                INSERT INTO ingest_exceptions (kind, source_ref, provider_id, provider_tx_id, key_player_ref, reason,
                    payload, status, opened_at, updated_at)
                SELECT 'ROLLBACK_EXPIRED', 'expired:' || o.provider_id || ':' || o.provider_tx_id || ':' || o.key_player_ref,
                       o.provider_id, o.provider_tx_id, o.key_player_ref, o.reason,
                       jsonb_build_object('providerId', p.provider_id, 'providerTxId', p.provider_tx_id,
                           'roundId', p.round_id, 'playerRef', p.player_ref, 'brandId', p.brand_id, 'gameId', p.game_id,
                           'gameType', p.game_type, 'type', p.type, 'amountMinor', p.amount_minor,
                           'currency', p.currency, 'occurredAt', p.occurred_at, 'refTxId', p.ref_tx_id,
                           'freeRound', p.free_round, 'campaignId', p.campaign_id,
                           'jackpotContributionMinor', p.jackpot_contribution_minor)::text,
                       'OPEN', ?, ?
                FROM parked_outcomes o JOIN parked_rollbacks p USING (provider_id, provider_tx_id, key_player_ref)
                WHERE o.batch_id = ? AND o.outcome = 'EXPIRED'
                ON CONFLICT (source_ref) DO NOTHING""", at, at, batchId);
    }

    /** Opens a dead letter's exception once; returns whether it is new. */
    boolean openDeadLetter(String sourceRef, String providerId, String providerTxId, String reason, String payload,
                           Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.update("""
                INSERT INTO ingest_exceptions (kind, source_ref, provider_id, provider_tx_id, key_player_ref, reason,
                    payload, status, opened_at, updated_at)
                VALUES ('DEAD_LETTER', ?, ?, ?, NULL, ?, ?, 'OPEN', ?, ?)
                ON CONFLICT (source_ref) DO NOTHING""", sourceRef, providerId, providerTxId, reason, payload, at, at) > 0;
    }
}
