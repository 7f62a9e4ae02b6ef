package io.clearhouse.common.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Reconciliation found a break and opened an exception for it; published on
 * {@link io.clearhouse.common.kafka.Topics#RECON_BREAKS} keyed by {@code breakId}. Delivered at
 * least once: consumers dedupe by {@code eventId}.
 *
 * @param eventId      deterministic, e.g. "recon:break:42:OPENED"
 * @param amountMinor  size of the break in minor units of {@code currency} (never negative)
 */
public record BreakOpened(
        int schemaVersion,
        String eventId,
        long breakId,
        long statementId,
        long runId,
        String providerId,
        String providerTxId,
        BreakClass breakClass,
        LocalDate businessDate,
        String currency,
        long amountMinor,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public BreakOpened {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerTxId, "providerTxId");
        Objects.requireNonNull(breakClass, "breakClass");
    }

    public String key() {
        return Long.toString(breakId);
    }
}
