package io.clearhouse.common.audit;

import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.hash.MerkleTree;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * Proof that one recorded transaction is in a signed day of ingest's audit log: its leaf, the path
 * from the leaf to its batch's Merkle root (the root the batch's audit entry holds), the path from that
 * batch root to the day's Merkle root, and the day's signed {@link AuditHead}. {@link #verify} checks
 * it with nothing but the published public key.
 *
 * @param leafVersion 2: {@code leaf} = SHA-256 of {@code leafText}, the canonical fields of the row
 *                    (label, transaction id, provider, provider transaction id, key player ref, content hash,
 *                    business date, reversed business date, type, amount in minor units, currency, adjusted
 *                    type, fate; separated by U+001F); 1 (batches audited before leaf versions): the content
 *                    hash alone, {@code leafText} null
 * @param auditSeq    the sequence of the batch's {@code BATCH_RECORDED} entry in the audit chain
 */
public record InclusionProof(
        String transactionId,
        String providerId,
        String providerTxId,
        int leafVersion,
        String leafText,
        String leaf,
        long batchId,
        long auditSeq,
        List<MerkleTree.Step> batchPath,
        String batchRoot,
        List<MerkleTree.Step> dayPath,
        AuditHead head) {

    public InclusionProof {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(batchRoot, "batchRoot");
        Objects.requireNonNull(head, "head");
        batchPath = List.copyOf(batchPath);
        dayPath = List.copyOf(dayPath);
    }

    /** Whether the proof holds, and if not the first reason it does not. */
    public record Verdict(boolean valid, String reason) {
        static final Verdict OK = new Verdict(true, null);

        static Verdict no(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Checks the proof against the audit head public key (obtained out of band, never from the proof). */
    public Verdict verify(PublicKey headKey) {
        if (!AuditSigning.verify(head, headKey)) {
            return Verdict.no("the day's head is not signed by this key");
        }
        if (leafVersion == 2) {
            if (leafText == null || !Hashing.sha256Hex(leafText).equals(leaf)) {
                return Verdict.no("the leaf is not the SHA-256 of its fields");
            }
            String[] fields = leafText.split("\u001f", -1);
            if (fields.length < 4 || !fields[1].equals(transactionId) || !fields[2].equals(providerId)
                    || !fields[3].equals(providerTxId)) {
                return Verdict.no("the leaf's fields name another transaction");
            }
        } else if (leafVersion != 1) {
            return Verdict.no("unknown leaf version " + leafVersion);
        }
        if (!MerkleTree.rootFromPath(leaf, batchPath).equals(batchRoot)) {
            return Verdict.no("the batch path does not lead to the batch root");
        }
        if (!MerkleTree.rootFromPath(batchRoot, dayPath).equals(head.merkleRoot())) {
            return Verdict.no("the day path does not lead to the signed day root");
        }
        if (auditSeq < head.firstSeq() || auditSeq > head.lastSeq()) {
            return Verdict.no("the batch's audit entry is outside the signed day");
        }
        return Verdict.OK;
    }
}
