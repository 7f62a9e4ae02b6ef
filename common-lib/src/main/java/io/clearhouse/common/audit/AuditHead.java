package io.clearhouse.common.audit;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The signed head of one UTC day of ingest's audit log, published on
 * {@link io.clearhouse.common.kafka.Topics#AUDIT_HEADS} (key: the day) and carried into settlement's
 * statements: the chain hash of the day's last entry and the Merkle root over the day's batch Merkle
 * roots, signed with an Ed25519 key that the database does not hold. Whoever can rewrite the database
 * can recompute the chain, but not sign a head that matches the rewrite.
 *
 * @param day          the UTC day of the entries' {@code occurred_at}
 * @param firstSeq     the first entry of the day (the previous head's {@code lastSeq} + 1)
 * @param lastSeq      the last entry of the day; {@code firstSeq - 1} for a day without entries
 * @param chainHash    the hash of entry {@code lastSeq}: it commits to every entry before it
 * @param merkleRoot   {@link io.clearhouse.common.hash.MerkleTree} root over the {@code merkleRoot}s of the
 *                     day's {@code BATCH_RECORDED} entries, in sequence order (each itself the root over its
 *                     batch's transaction leaves)
 * @param batches      how many batch roots the day's tree has
 * @param transactions how many transactions those batches recorded
 * @param keyId        {@link AuditSigning#keyId} of the signing key
 * @param signature    base64 Ed25519 signature of {@link #signedText()}
 */
public record AuditHead(
        int schemaVersion,
        LocalDate day,
        long firstSeq,
        long lastSeq,
        String chainHash,
        String merkleRoot,
        long batches,
        long transactions,
        String keyId,
        String signature) {

    public static final int SCHEMA_VERSION = 1;
    private static final String SEPARATOR = "\u001f";

    public AuditHead {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(chainHash, "chainHash");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        if (firstSeq < 1 || lastSeq < firstSeq - 1 || batches < 0 || transactions < 0) {
            throw new IllegalArgumentException("inconsistent audit head for " + day);
        }
    }

    /**
     * What is signed: a fixed label and every field but the signature, separated by U+001F, as UTF-8.
     * Stated here so that anyone can check a head without this code.
     */
    public String signedText() {
        return String.join(SEPARATOR, "clearhouse/audit-head/v1", day.toString(), Long.toString(firstSeq),
                Long.toString(lastSeq), chainHash, merkleRoot, Long.toString(batches), Long.toString(transactions),
                keyId == null ? "" : keyId);
    }

    byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    /** The same head with its signature. */
    public AuditHead withSignature(String keyId, String signature) {
        return new AuditHead(schemaVersion, day, firstSeq, lastSeq, chainHash, merkleRoot, batches, transactions, keyId,
                signature);
    }
}
