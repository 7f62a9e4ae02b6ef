package io.clearhouse.common.reconciliation;

import java.time.Instant;
import java.util.Objects;

/**
 * An exception changed state by hand (resolved, sent for approval, approved, reopened) or was
 * cleared by a later run; published on {@link io.clearhouse.common.kafka.Topics#RECON_BREAKS}
 * keyed by {@code breakId}. Consumers dedupe by {@code eventId}.
 *
 * @param status     the exception's status after the action (OPEN, PENDING_APPROVAL, RESOLVED, CLEARED)
 * @param resolution ACCEPT_PROVIDER, ACCEPT_INTERNAL, WRITE_OFF, REOPEN, or null when cleared
 */
public record BreakResolved(
        int schemaVersion,
        String eventId,
        long breakId,
        String providerId,
        String providerTxId,
        BreakClass breakClass,
        String status,
        String resolution,
        String actor,
        String adjustmentTxId,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public BreakResolved {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(status, "status");
    }

    public String key() {
        return Long.toString(breakId);
    }
}
