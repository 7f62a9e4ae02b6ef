package io.clearhouse.ingest.audit;

import io.clearhouse.common.audit.AuditHead;
import io.clearhouse.common.audit.AuditHeadRows;
import io.clearhouse.common.audit.InclusionProof;
import io.clearhouse.common.hash.MerkleTree;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the inclusion proof of one recorded transaction: its leaf in its batch's tree (the batch's
 * audit entry holds that tree's root), the batch root in its signed day's tree, and the day's head as
 * signed. Reads one batch and one day's audit entries, on the {@link HeavyReads} pool (never the
 * consumers'). A transaction whose day is not signed yet gets 409 (heads are signed once the UTC day
 * has ended, plus the grace); another provider's transaction, or an unknown id, 404.
 */
@Component
class InclusionProofs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    InclusionProofs(HeavyReads heavyReads) {
        this.jdbc = heavyReads.template();
    }

    InclusionProof prove(String transactionId, Caller caller) {
        UUID id;
        try {
            id = UUID.fromString(transactionId);
        } catch (IllegalArgumentException e) {
            throw new Problems.Invalid("transactionId", "must be a transaction id (UUID) as the status query returns it");
        }
        List<Map<String, Object>> key = jdbc.queryForList(
                "SELECT provider_id, provider_tx_id, batch_id, fate FROM transaction_keys WHERE transaction_id = ?", id);
        if (key.isEmpty() || !"RECORDED".equals(key.get(0).get("fate")) || key.get(0).get("batch_id") == null) {
            throw new Problems.NotFound("no recorded transaction " + transactionId);
        }
        String providerId = (String) key.get(0).get("provider_id");
        caller.requireVisible(providerId, "transaction " + transactionId);
        long batchId = ((Number) key.get(0).get("batch_id")).longValue();

        List<Map<String, Object>> entry = jdbc.queryForList(
                "SELECT seq, after_state FROM audit_log WHERE action = 'BATCH_RECORDED' AND entity_id = ?",
                "batch-" + batchId);
        if (entry.isEmpty()) {
            throw new Problems.NotFound("transaction " + transactionId + " has no audited batch");
        }
        long seq = ((Number) entry.get(0).get("seq")).longValue();
        JsonNode after = JSON.readTree((String) entry.get(0).get("after_state"));
        int leafVersion = after.has("leafVersion") ? after.get("leafVersion").asInt() : 1;
        String batchRoot = after.get("merkleRoot").asString();

        List<AuditHead> heads = jdbc.query("SELECT " + AuditHeadRows.COLUMNS + " FROM audit_heads "
                + "WHERE last_seq >= ? AND first_seq <= ? ORDER BY day LIMIT 1", AuditHeadRows.MAPPER, seq, seq);
        if (heads.isEmpty()) {
            throw new Problems.Conflict("transaction " + transactionId + " is not in a signed day yet: each UTC day's "
                    + "audit head is signed once the day has ended (plus a few minutes); ask again then");
        }
        AuditHead head = heads.get(0);

        List<String> leaves = new ArrayList<>();
        int[] index = {-1};
        String[] leafText = {null};
        BatchLeaves.read(jdbc, batchId, leaf -> {
            if (leaf.transactionId().equals(id.toString())) {
                index[0] = leaves.size();
                leafText[0] = leaf.v2Text();
            }
            leaves.add(leaf.leaf(leafVersion));
        });
        if (index[0] < 0) {
            throw new Problems.NotFound("transaction " + transactionId + " is not in its batch");
        }
        List<String> dayRoots = new ArrayList<>();
        int[] batchIndex = {-1};
        jdbc.query("SELECT seq, action, after_state FROM audit_log WHERE seq >= ? AND seq <= ? "
                + "AND action = 'BATCH_RECORDED' ORDER BY seq", rs -> {
                    long entrySeq = rs.getLong(1);
                    HeadCheck.batchRoot(rs.getString(2), rs.getString(3)).ifPresent(r -> {
                        if (entrySeq == seq) {
                            batchIndex[0] = dayRoots.size();
                        }
                        dayRoots.add(r.root());
                    });
                }, head.firstSeq(), head.lastSeq());
        if (batchIndex[0] < 0) {
            throw new Problems.NotFound("the batch of transaction " + transactionId + " is not in its day's tree");
        }
        return new InclusionProof(id.toString(), providerId, (String) key.get(0).get("provider_tx_id"), leafVersion,
                leafVersion == 2 ? leafText[0] : null, leaves.get(index[0]), batchId, seq,
                MerkleTree.path(leaves, index[0]), batchRoot, MerkleTree.path(dayRoots, batchIndex[0]), head);
    }
}
