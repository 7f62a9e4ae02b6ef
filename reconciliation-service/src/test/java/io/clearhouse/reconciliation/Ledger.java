package io.clearhouse.reconciliation;

import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes "recorded" transactions straight into ingest's table as a superuser (the test plays
 * ingest). Only the columns of ingest's original table are named, so the fixture survives ingest
 * adding columns with defaults or partitioning the table.
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
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ingest.transactions (provider_id, provider_tx_id, round_id, player_ref, brand_id,
                        game_id, game_type, type, amount_minor, currency, occurred_at, business_date, ref_tx_id,
                        free_round, content_hash, recorded_at, source_partition, source_offset)
                    VALUES (?, ?, ?, 'p-1', 'brand-1', 'game-1', 'SLOT', ?, ?, ?, ?, ?, NULL, false, ?, now(), 0, ?)""")) {
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
