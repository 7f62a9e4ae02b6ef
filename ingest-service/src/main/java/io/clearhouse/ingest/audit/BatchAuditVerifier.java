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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves the ingest record was not altered: recomputes every recorded row's content hash from its
 * columns (and checks the stored one), every batch's Merkle root from its rows' leaves (in
 * {@code batch_pos} order; {@link LedgerLeaf} version 2 for entries with {@code leafVersion} 2, the
 * content hashes alone for older entries), and the whole audit chain, and names the first entry that
 * does not match (its sequence and batch). Everything is read inside one read-only, repeatable-read
 * transaction on the {@link HeavyReads} pool, so the rows and the chain are one consistent snapshot
 * while ingest keeps writing, and the consumers' connections are never used.
 * <p>
 * Memory is bounded whatever the ledger's size: the chain is read a page at a time, and each batch
 * entry's rows are read when the entry is checked (index {@code transactions_batch}), one batch in
 * memory at a time; rows that claim a batch without an entry, and rows of no batch, are found by the
 * database (anti-join, count), not by remembering every batch seen.
 */
@Component
public class BatchAuditVerifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HeavyReads heavyReads;
    private final JdbcTemplate jdbc;
    private final AuditChainVerifier chain;
    private volatile java.util.function.Consumer<Verdict> onVerdict = v -> { };

    BatchAuditVerifier(HeavyReads heavyReads) {
        this.heavyReads = heavyReads;
        this.jdbc = heavyReads.jdbc();
        this.chain = new AuditChainVerifier(jdbc);
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

        String root(int leafVersion) {
            return leafVersion == 1 ? rootV1 : rootV2;
        }
    }

    public Verdict verify() {
        Verdict verdict = heavyReads.inSnapshot(this::verifyInSnapshot);
        onVerdict.accept(verdict);
        return verdict;
    }

    /** Who hears every verdict (the metrics): one listener, set once. */
    void onVerdict(java.util.function.Consumer<Verdict> listener) {
        this.onVerdict = listener;
    }

    /** One batch's rows, recomputed (at most one batch of rows in memory). */
    private BatchRows batch(long batchId) {
        List<String> v1 = new ArrayList<>();
        List<String> v2 = new ArrayList<>();
        String[] badRow = {null};
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
                    if (!recomputed.equals(stored) && badRow[0] == null) {
                        badRow[0] = tx.providerId() + ":" + tx.providerTxId() + " (transaction " + rs.getString(17) + ")";
                    }
                    v1.add(recomputed);
                    v2.add(LedgerLeaf.v2(new LedgerLeaf.Row(rs.getString(17), tx.providerId(), tx.providerTxId(),
                            rs.getString(18), stored, rs.getObject(20, LocalDate.class),
                            rs.getObject(21, LocalDate.class), tx.type().name(), tx.amountMinor(), tx.currency(),
                            rs.getString(22), rs.getString(23))));
                }, batchId);
        return new BatchRows(MerkleTree.root(v1), MerkleTree.root(v2), v1.size(), badRow[0]);
    }

    private Verdict verifyInSnapshot() {
        long[] rows = {0};
        long[] batchesChecked = {0};
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
            batchesChecked[0]++;
            BatchRows b = batch(batchId);
            rows[0] += b.count();
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
        Long unbatchedRows = jdbc.queryForObject("SELECT count(*) FROM transactions WHERE batch_id IS NULL", Long.class);
        long unbatched = unbatchedRows == null ? 0 : unbatchedRows;
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
            // rows claiming a batch that has no entry (the entries' own batches were all checked above)
            List<Map<String, Object>> orphan = jdbc.queryForList("""
                    SELECT t.batch_id, count(*) AS n FROM transactions t
                    WHERE t.batch_id IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM audit_log a WHERE a.action = 'BATCH_RECORDED' AND a.entity_id = 'batch-' || t.batch_id)
                    GROUP BY t.batch_id ORDER BY t.batch_id LIMIT 1""");
            if (!orphan.isEmpty()) {
                long batchId = ((Number) orphan.get(0).get("batch_id")).longValue();
                broken = new LinkedHashMap<>();
                broken.put("entityId", "batch-" + batchId);
                broken.put("reason", orphan.get(0).get("n") + " rows claim batch " + batchId
                        + ", which has no audit entry");
            }
            if (broken == null && unbatched > 0 && !legacyEntries[0]) {
                broken = new LinkedHashMap<>();
                broken.put("reason", unbatched + " rows belong to no audited batch");
            }
        }
        return new Verdict(broken == null, result.entriesChecked(), result.headHash(), batchesChecked[0], rows[0],
                legacyEntries[0] ? unbatched : 0, broken);
    }
}
