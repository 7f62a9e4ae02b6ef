package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves the ingest record was not altered: recomputes every recorded row's content hash from its
 * columns (and checks the stored one), every batch's Merkle root from its rows' leaves (in
 * {@code batch_pos} order; {@link LedgerLeaf} version 2 for entries with {@code leafVersion} 2, the
 * content hashes alone for older entries), and the whole audit chain, and names the first entry that
 * does not match (its sequence and batch). Rows are read
 * in one streaming pass inside a read-only, repeatable-read transaction, so the rows and the chain
 * are one consistent snapshot while ingest keeps writing.
 */
@Component
public class BatchAuditVerifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final AuditChainVerifier chain;
    private final TransactionTemplate snapshot;

    BatchAuditVerifier(JdbcTemplate jdbc, AuditChainVerifier chain, PlatformTransactionManager txManager) {
        // a template of its own: the fetch size (streaming) must not leak into the shared one
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(5_000);
        this.chain = chain;
        this.snapshot = new TransactionTemplate(txManager);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
    }

    /** The verdict. {@code firstBroken} is null when intact. */
    public record Verdict(boolean intact, long entriesChecked, String headHash, long batchesChecked,
                          long transactionsChecked, long legacyRows, Map<String, Object> firstBroken) {
    }

    /**
     * A batch as recomputed from its rows: only the roots (one per leaf version) and the count are
     * kept, never the hashes; {@code badRow} names the first row whose stored content hash does not
     * match its columns.
     */
    private record BatchRows(String rootV1, String rootV2, long count, String badRow) {

        static final BatchRows NONE = new BatchRows(MerkleTree.root(List.of()), MerkleTree.root(List.of()), 0, null);

        String root(int leafVersion) {
            return leafVersion == 1 ? rootV1 : rootV2;
        }
    }

    /** One batch's leaves while its rows stream by. */
    private static final class Leaves {
        final List<String> v1 = new ArrayList<>();
        final List<String> v2 = new ArrayList<>();
        String badRow;

        BatchRows done() {
            BatchRows b = new BatchRows(MerkleTree.root(v1), MerkleTree.root(v2), v1.size(), badRow);
            v1.clear();
            v2.clear();
            badRow = null;
            return b;
        }
    }

    public Verdict verify() {
        return snapshot.execute(status -> verifyInSnapshot());
    }

    /** Memory: one batch's hashes plus a root per batch, however many rows the ledger holds. */
    private Verdict verifyInSnapshot() {
        Map<Long, BatchRows> batches = new HashMap<>();
        long[] rows = {0, 0};
        // rows arrive ordered by batch: one batch's hashes are in memory at a time
        long[] current = {Long.MIN_VALUE};
        Leaves leaves = new Leaves();
        jdbc.query("""
                SELECT t.batch_id, t.provider_id, t.provider_tx_id, t.round_id, t.player_ref, t.brand_id, t.game_id,
                       t.game_type, t.type, t.amount_minor, t.currency, t.occurred_at, t.ref_tx_id, t.free_round,
                       t.campaign_id, t.jackpot_contribution_minor, t.transaction_id, t.key_player_ref, t.content_hash,
                       t.business_date, t.reverses_business_date, t.adjusted_type, k.fate
                FROM transactions t LEFT JOIN transaction_keys k ON k.transaction_id = t.transaction_id
                ORDER BY t.batch_id, t.batch_pos""", rs -> {
                    long batchId = rs.getLong(1);
                    if (rs.wasNull()) {
                        rows[1]++;
                        return;
                    }
                    if (batchId != current[0]) {
                        if (!leaves.v1.isEmpty()) {
                            batches.put(current[0], leaves.done());
                        }
                        current[0] = batchId;
                    }
                    TransactionReceived tx = new TransactionReceived(TransactionReceived.SCHEMA_VERSION,
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), GameType.valueOf(rs.getString(8)), TransactionType.valueOf(rs.getString(9)),
                            rs.getLong(10), rs.getString(11).trim(), rs.getTimestamp(12).toInstant(), rs.getString(13),
                            rs.getBoolean(14), rs.getString(15), rs.getObject(16, Long.class), null, null);
                    String recomputed = tx.contentHash();
                    String stored = rs.getString(19);
                    if (!recomputed.equals(stored) && leaves.badRow == null) {
                        leaves.badRow = tx.providerId() + ":" + tx.providerTxId() + " (transaction " + rs.getString(17)
                                + ")";
                    }
                    leaves.v1.add(recomputed);
                    leaves.v2.add(LedgerLeaf.v2(new LedgerLeaf.Row(rs.getString(17), tx.providerId(), tx.providerTxId(),
                            rs.getString(18), stored, rs.getObject(20, LocalDate.class),
                            rs.getObject(21, LocalDate.class), tx.type().name(), tx.amountMinor(), tx.currency(),
                            rs.getString(22), rs.getString(23))));
                    rows[0]++;
                });
        if (!leaves.v1.isEmpty()) {
            batches.put(current[0], leaves.done());
        }
        Set<Long> seen = new HashSet<>();
        boolean[] legacyEntries = {false};
        Map<Long, String> mismatch = new HashMap<>();
        AuditChainVerifier.Result result = chain.verify(entry -> {
            if (!"BATCH_RECORDED".equals(entry.action()) || entry.afterState() == null) {
                return true;
            }
            JsonNode after = JSON.readTree(entry.afterState());
            if (!after.has("batchId")) {
                legacyEntries[0] = true;   // written before batches were numbered: chain-checked only
                return true;
            }
            long batchId = after.get("batchId").asLong();
            seen.add(batchId);
            BatchRows b = batches.getOrDefault(batchId, BatchRows.NONE);
            int leafVersion = after.has("leafVersion") ? after.get("leafVersion").asInt() : 1;
            if (leafVersion != 1 && leafVersion != 2) {
                mismatch.put(entry.seq(), "batch " + batchId + ": unknown leafVersion " + leafVersion);
                return false;
            }
            String root = b.root(leafVersion);
            String badRow = b.badRow() == null ? "" : "; the content hash of " + b.badRow()
                    + " does not match its columns";
            if (b.count() != after.get("recorded").asLong()) {
                mismatch.put(entry.seq(), "batch " + batchId + " recorded " + after.get("recorded").asLong()
                        + " rows, " + b.count() + " found");
                return false;
            }
            if (!root.equals(after.get("merkleRoot").asString())) {
                mismatch.put(entry.seq(), "batch " + batchId + ": the Merkle root recomputed from its rows (leaf v"
                        + leafVersion + ") does not match the audited root (a row was altered)" + badRow);
                return false;
            }
            if (!badRow.isEmpty()) {
                mismatch.put(entry.seq(), "batch " + batchId + badRow);
                return false;
            }
            return true;
        });
        Map<String, Object> broken = null;
        if (result.firstBroken().isPresent()) {
            AuditChainVerifier.Broken b = result.firstBroken().get();
            broken = new LinkedHashMap<>();
            broken.put("seq", b.seq());
            List<String> entity = jdbc.queryForList("SELECT entity_id FROM audit_log WHERE seq = ?", String.class, b.seq());
            if (!entity.isEmpty()) {
                broken.put("entityId", entity.get(0));
            }
            broken.put("reason", mismatch.getOrDefault(b.seq(), b.reason()));
        } else {
            for (Long batchId : batches.keySet()) {
                if (!seen.contains(batchId)) {
                    broken = new LinkedHashMap<>();
                    broken.put("entityId", "batch-" + batchId);
                    broken.put("reason", batches.get(batchId).count() + " rows claim batch " + batchId
                            + ", which has no audit entry");
                    break;
                }
            }
            if (broken == null && rows[1] > 0 && !legacyEntries[0]) {
                broken = new LinkedHashMap<>();
                broken.put("reason", rows[1] + " rows belong to no audited batch");
            }
        }
        return new Verdict(broken == null, result.entriesChecked(), result.headHash(), seen.size(), rows[0],
                legacyEntries[0] ? rows[1] : 0, broken);
    }
}
