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

    /** One recorded transaction, the fields reconciliation compares plus enough to satisfy the table. */
    record Tx(String providerId, String providerTxId, String type, long amountMinor, String currency,
              Instant occurredAt, LocalDate businessDate) {
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
            String extraColumns = (columns.contains("transaction_id") ? ", transaction_id" : "")
                    + (columns.contains("key_player_ref") ? ", key_player_ref" : "");
            String extraValues = (columns.contains("transaction_id") ? ", gen_random_uuid()" : "")
                    + (columns.contains("key_player_ref") ? ", ''" : "");
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ingest.transactions (provider_id, provider_tx_id, round_id, player_ref, brand_id,
                        game_id, game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id,
                        free_round, content_hash, recorded_at, source_partition, source_offset%s)
                    VALUES (?, ?, ?, 'p-1', 'brand-1', 'game-1', 'SLOT', ?, ?, ?, ?, ?, NULL, false, ?, now(), 0, ?%s)"""
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
                    ps.setString(9, "0".repeat(64));
                    ps.setLong(10, offset++);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
