package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.audit.AuditEntry;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
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
 * columns, every batch's Merkle root from those hashes (in {@code batch_pos} order), and the whole
 * audit chain, and names the first entry that does not match (its sequence and batch). Rows are read
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

    /** A batch as recomputed from its rows: only the root and the count are kept, never the hashes. */
    private record BatchRows(String root, long count) {
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
        List<String> hashes = new ArrayList<>();
        jdbc.query("""
                SELECT batch_id, provider_id, provider_tx_id, round_id, player_ref, brand_id, game_id, game_type, type,
                       amount_minor, currency, occurred_at, ref_tx_id, free_round, campaign_id,
                       jackpot_contribution_minor
                FROM transactions ORDER BY batch_id, batch_pos""", rs -> {
                    long batchId = rs.getLong(1);
                    if (rs.wasNull()) {
                        rows[1]++;
                        return;
                    }
                    if (batchId != current[0]) {
                        if (!hashes.isEmpty()) {
                            batches.put(current[0], new BatchRows(MerkleTree.root(hashes), hashes.size()));
                            hashes.clear();
                        }
                        current[0] = batchId;
                    }
                    TransactionReceived tx = new TransactionReceived(TransactionReceived.SCHEMA_VERSION,
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), GameType.valueOf(rs.getString(8)), TransactionType.valueOf(rs.getString(9)),
                            rs.getLong(10), rs.getString(11).trim(), rs.getTimestamp(12).toInstant(), rs.getString(13),
                            rs.getBoolean(14), rs.getString(15), rs.getObject(16, Long.class), null, null);
                    hashes.add(tx.contentHash());
                    rows[0]++;
                });
        if (!hashes.isEmpty()) {
            batches.put(current[0], new BatchRows(MerkleTree.root(hashes), hashes.size()));
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
            BatchRows b = batches.getOrDefault(batchId, new BatchRows(MerkleTree.root(List.of()), 0));
            String root = b.root();
            if (b.count() != after.get("recorded").asLong()) {
                mismatch.put(entry.seq(), "batch " + batchId + " recorded " + after.get("recorded").asLong()
                        + " rows, " + b.count() + " found");
                return false;
            }
            if (!root.equals(after.get("merkleRoot").asString())) {
                mismatch.put(entry.seq(), "batch " + batchId + ": the Merkle root recomputed from its rows does not "
                        + "match the audited root (a row was altered)");
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
