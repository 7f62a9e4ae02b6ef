package io.clearhouse.common.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A settlement statement changed state (a DRAFT was prepared or superseded, a statement was
 * APPROVED or PAID), published on {@link io.clearhouse.common.kafka.Topics#SETTLEMENT_STATEMENTS}
 * keyed by {@link #statementId()}. Consumers dedupe by {@link #eventId()}. The statement itself
 * (lines and all) is at {@code GET /v1/statements/{statementId}}; {@code sha256} is the SHA-256 of its
 * canonical JSON document.
 *
 * @param status            DRAFT, SUPERSEDED, APPROVED or PAID
 * @param totalPayableMinor what the operator owes the provider, in minor units of {@code settlementCurrency}
 */
public record StatementPublished(
        int schemaVersion,
        String eventId,
        String statementId,
        String providerId,
        LocalDate periodStart,
        LocalDate periodEnd,
        int version,
        String status,
        String settlementCurrency,
        long totalPayableMinor,
        String sha256,
        String actor,
        String reason,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public StatementPublished {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(status, "status");
    }
}
