package io.clearhouse.reconciliation;

import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes "recorded" transactions straight into ingest's table as a superuser (the test plays
 * ingest). The columns of ingest's first table are always written; the ones ingest added when it
 * partitioned the table (a transaction id, the player part of the key) are filled when present,
 * so the fixture works against either shape of ingest's schema behind the same ledger_view.
 */
final class Ledger {

    /**
     * One recorded transaction, the fields reconciliation compares plus enough to satisfy the table;
     * an ADJUSTMENT names the transaction it corrects in {@code refTxId} and, as ingest records it,
     * the type whose amount it corrects in {@code adjustedType}.
     */
    record Tx(String providerId, String providerTxId, String type, long amountMinor, String currency,
              Instant occurredAt, LocalDate businessDate, String refTxId, String adjustedType) {

        Tx(String providerId, String providerTxId, String type, long amountMinor, String currency,
           Instant occurredAt, LocalDate businessDate) {
            this(providerId, providerTxId, type, amountMinor, currency, occurredAt, businessDate, null, null);
        }

        /** An ADJUSTMENT of {@code amountMinor} (signed) correcting {@code refTxId}, as ingest records it. */
        static Tx adjustment(String providerId, String providerTxId, String refTxId, String adjustedType,
                             long amountMinor, String currency, Instant occurredAt, LocalDate businessDate) {
            return new Tx(providerId, providerTxId, "ADJUSTMENT", amountMinor, currency, occurredAt, businessDate,
                    refTxId, adjustedType);
        }
    }

    private static long offset = 1_000_000;

    private Ledger() {
    }

    static synchronized void record(List<Tx> txs) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection()) {
            c.setAutoCommit(false);
            Set<String> columns = new HashSet<>();
            try (ResultSet rs = c.createStatement().executeQuery("""
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = 'ingest' AND table_name = 'transactions'""")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            boolean adjustedType = columns.contains("adjusted_type");
            String extraColumns = (columns.contains("transaction_id") ? ", transaction_id" : "")
                    + (columns.contains("key_player_ref") ? ", key_player_ref" : "")
                    + (adjustedType ? ", adjusted_type" : "");
            String extraValues = (columns.contains("transaction_id") ? ", gen_random_uuid()" : "")
                    + (columns.contains("key_player_ref") ? ", ''" : "")
                    + (adjustedType ? ", ?" : "");
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ingest.transactions (provider_id, provider_tx_id, round_id, player_ref, brand_id,
                        game_id, game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id,
                        free_round, content_hash, recorded_at, source_partition, source_offset%s)
                    VALUES (?, ?, ?, 'p-1', 'brand-1', 'game-1', 'SLOT', ?, ?, ?, ?, ?, ?, false, ?, now(), 0, ?%s)"""
                    .formatted(extraColumns, extraValues))) {
                for (Tx t : txs) {
                    ps.setString(1, t.providerId());
                    ps.setString(2, t.providerTxId());
                    ps.setString(3, "round-" + t.providerTxId());
                    ps.setString(4, t.type());
                    ps.setLong(5, t.amountMinor());
                    ps.setString(6, t.currency());
                    ps.setTimestamp(7, Timestamp.from(t.occurredAt()));
                    ps.setObject(8, t.businessDate());
                    ps.setString(9, t.refTxId());
                    ps.setString(10, "0".repeat(64));
                    ps.setLong(11, offset++);
                    if (adjustedType) {
                        ps.setString(12, t.adjustedType());
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
