package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.hash.MerkleTree;
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
    private final PublishedHeads publishedHeads;
    private volatile java.util.function.Consumer<Verdict> onVerdict = v -> { };

    BatchAuditVerifier(HeavyReads heavyReads, PublishedHeads publishedHeads) {
        this.heavyReads = heavyReads;
        this.jdbc = heavyReads.jdbc();
        this.chain = new AuditChainVerifier(jdbc);
        this.publishedHeads = publishedHeads;
    }

    /**
     * The verdict. {@code firstBroken} is null when the chain and its batches verify; {@code mismatchedDays}
     * names every signed day whose published head the log does not match (a history rewritten consistently
     * inside the database shows only there). {@code anchored}: the published heads were read and every one
     * matched; {@code anchoredThrough} is the last matched day, {@code unanchoredEntries} the entries after it
     * (not signed yet); {@code headsError} why the heads could not be used. Intact = chain intact, no
     * mismatched day, and the heads read (when a public key is configured).
     */
    public record Verdict(boolean intact, long entriesChecked, String headHash, long batchesChecked,
                          long transactionsChecked, long legacyRows, Map<String, Object> firstBroken,
                          boolean anchored, long headsChecked, String anchoredThrough, long unanchoredEntries,
                          List<Map<String, Object>> mismatchedDays, String headsError) {
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
        // the heads first: the snapshot taken after holds every entry they cover (a head is committed
        // with its outbox row before it is published)
        PublishedHeads.Read heads = publishedHeads.read();
        Verdict verdict = heavyReads.inSnapshot(() -> verifyInSnapshot(heads));
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
        BatchLeaves.read(jdbc, batchId, leaf -> {
            if (!leaf.contentHashMatches() && badRow[0] == null) {
                badRow[0] = leaf.providerId() + ":" + leaf.providerTxId() + " (transaction " + leaf.transactionId() + ")";
            }
            v1.add(leaf.v1());
            v2.add(leaf.leaf(2));
        });
        return new BatchRows(MerkleTree.root(v1), MerkleTree.root(v2), v1.size(), badRow[0]);
    }

    private Verdict verifyInSnapshot(PublishedHeads.Read heads) {
        HeadCheck headCheck = new HeadCheck(heads.heads());
        long[] rows = {0};
        long[] batchesChecked = {0};
        boolean[] legacyEntries = {false};
        Map<Long, String> mismatch = new HashMap<>();
        AuditChainVerifier.Result result = chain.verify(entry -> {
            headCheck.accept(entry);
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
        headCheck.finish(result.intact());
        List<Map<String, Object>> days = new ArrayList<>();
        for (HeadCheck.Mismatch m : heads.rejected()) {
            days.add(day(m));
        }
        for (HeadCheck.Mismatch m : headCheck.mismatches()) {
            days.add(day(m));
        }
        boolean keyConfigured = publishedHeads.keyConfigured();
        boolean headsUsable = heads.error() == null;
        boolean intact = broken == null && days.isEmpty() && (headsUsable || !keyConfigured);
        return new Verdict(intact, result.entriesChecked(), result.headHash(), batchesChecked[0], rows[0],
                legacyEntries[0] ? unbatched : 0, broken, headsUsable && days.isEmpty() && result.intact(),
                headCheck.headsChecked(), headCheck.anchoredThrough() == null ? null
                        : headCheck.anchoredThrough().toString(), headCheck.unanchoredEntries(), days, heads.error());
    }

    private static Map<String, Object> day(HeadCheck.Mismatch m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("day", m.day() == null ? null : m.day().toString());
        d.put("reason", m.reason());
        return d;
    }
}
