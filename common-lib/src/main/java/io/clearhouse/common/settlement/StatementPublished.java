package io.clearhouse.common.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A settlement statement changed state (a DRAFT was prepared or superseded, a statement was
 * APPROVED or PAID), published on {@link io.clearhouse.common.kafka.Topics#SETTLEMENT_STATEMENTS}
 * keyed by {@link #statementId()}. Consumers dedupe by {@link #eventId()}. The event carries the
 * statement's canonical JSON {@code document} (lines and all; {@code sha256} is the SHA-256 of its UTF-8
 * bytes) and its approval trail, so that a reader such as reporting never calls settlement back; the
 * same document is at {@code GET /v1/statements/{statementId}/document}.
 *
 * @param status            DRAFT, SUPERSEDED, APPROVED or PAID
 * @param totalPayableMinor what the operator owes the provider, in minor units of {@code settlementCurrency}
 * @param document          the canonical statement JSON (schema version 2 on; null in version 1 events)
 * @param preparedBy        who prepared the statement (a person or the scheduler)
 * @param approvedBy        who approved it, once APPROVED or PAID; else null
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
        Instant occurredAt,
        String document,
        String preparedBy,
        Instant preparedAt,
        String approvedBy,
        Instant approvedAt) {

    public static final int SCHEMA_VERSION = 2;

    public StatementPublished {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(status, "status");
    }
}
