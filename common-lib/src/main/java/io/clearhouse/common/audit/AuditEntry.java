package io.clearhouse.common.audit;

import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.hash.Hashing;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of an {@code audit_log}, as stored. {@code hash = SHA-256(prevHash || canonical entry)}
 * where the canonical entry is the canonical JSON of every other column.
 */
public record AuditEntry(long seq, Instant occurredAt, String actor, String action, String entityType,
                         String entityId, String beforeState, String afterState, String reason,
                         String requestId, String prevHash, String hash) {

    /** The previous hash of the first entry of a chain. */
    public static final String GENESIS = "0".repeat(64);

    public static String computeHash(long seq, Instant occurredAt, String actor, String action, String entityType,
                                     String entityId, String beforeState, String afterState, String reason,
                                     String requestId, String prevHash) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("seq", seq);
        canonical.put("occurredAt", occurredAt.toString());
        canonical.put("actor", actor);
        canonical.put("action", action);
        canonical.put("entityType", entityType);
        canonical.put("entityId", entityId);
        canonical.put("before", beforeState);
        canonical.put("after", afterState);
        canonical.put("reason", reason);
        canonical.put("requestId", requestId);
        return Hashing.sha256Hex(prevHash + CanonicalJson.write(canonical));
    }

    public String recomputeHash() {
        return computeHash(seq, occurredAt, actor, action, entityType, entityId, beforeState, afterState, reason,
                requestId, prevHash);
    }

    public static String canonicalState(Map<String, Object> state) {
        return state == null ? null : CanonicalJson.write(state);
    }
}
