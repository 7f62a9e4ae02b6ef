package io.clearhouse.common.audit;

import java.util.Map;
import java.util.Objects;

/**
 * What a service asks to append to its audit log: who did what to which entity, and why. The
 * appender adds the sequence, the time and the chain hashes.
 *
 * @param before the entity's state before, or null (canonicalised before hashing)
 * @param after  the entity's state after, or null
 */
public record AuditRecord(String actor, String action, String entityType, String entityId,
                          Map<String, Object> before, Map<String, Object> after, String reason, String requestId) {

    public AuditRecord {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
    }
}
