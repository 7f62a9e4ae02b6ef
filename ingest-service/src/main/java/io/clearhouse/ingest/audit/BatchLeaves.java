package io.clearhouse.ingest.audit;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads one batch's recorded rows in {@code batch_pos} order and gives each row's leaves: v1 (its
 * content hash recomputed from the provider's fields), v2 ({@link LedgerLeaf}), and whether the stored
 * content hash still matches the columns. Shared by the verifier and the inclusion proofs, so that
 * both see a batch exactly the same way.
 */
final class BatchLeaves {

    /** One row's leaves. {@code contentHashMatches} false when the stored hash no longer matches its columns. */
    record Leaf(String transactionId, String providerId, String providerTxId, String v1, String v2Text,
                boolean contentHashMatches) {

        String leaf(int version) {
            return version == 1 ? v1 : io.clearhouse.common.hash.Hashing.sha256Hex(v2Text);
        }
    }

    private BatchLeaves() {
    }

    static void read(JdbcTemplate jdbc, long batchId, Consumer<Leaf> each) {
        jdbc.query("""
                SELECT t.batch_id, t.provider_id, t.provider_tx_id, t.round_id, t.player_ref, t.brand_id, t.game_id,
                       t.game_type, t.type, t.amount_minor, t.currency, t.occurred_at, t.ref_tx_id, t.free_round,
                       t.campaign_id, t.jackpot_contribution_minor, t.transaction_id, t.key_player_ref, t.content_hash,
                       t.business_date, t.reverses_business_date, t.adjusted_type, k.fate
                FROM transactions t LEFT JOIN transaction_keys k ON k.transaction_id = t.transaction_id
                WHERE t.batch_id = ? ORDER BY t.batch_pos""", rs -> {
                    TransactionReceived tx = new TransactionReceived(TransactionReceived.SCHEMA_VERSION,
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), GameType.valueOf(rs.getString(8)), TransactionType.valueOf(rs.getString(9)),
                            rs.getLong(10), rs.getString(11).trim(), rs.getTimestamp(12).toInstant(), rs.getString(13),
                            rs.getBoolean(14), rs.getString(15), rs.getObject(16, Long.class), null, null);
                    String recomputed = tx.contentHash();
                    String stored = rs.getString(19);
                    String v2Text = LedgerLeaf.v2Text(new LedgerLeaf.Row(rs.getString(17), tx.providerId(),
                            tx.providerTxId(), rs.getString(18), stored, rs.getObject(20, LocalDate.class),
                            rs.getObject(21, LocalDate.class), tx.type().name(), tx.amountMinor(), tx.currency(),
                            rs.getString(22), rs.getString(23)));
                    each.accept(new Leaf(rs.getString(17), tx.providerId(), tx.providerTxId(), recomputed, v2Text,
                            recomputed.equals(stored)));
                }, batchId);
    }
}
