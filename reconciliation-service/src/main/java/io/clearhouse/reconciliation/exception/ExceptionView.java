package io.clearhouse.reconciliation.exception;

import java.time.Instant;
import java.time.LocalDate;

/** One exception of the queue as the API shows it; amounts in minor units. */
public record ExceptionView(
        long id, long statementId, long firstRunId, long lastRunId, String providerId, String providerTxId,
        String breakClass, long lineNo, LocalDate businessDate, String currency, long amountMinor,
        String statementType, Long statementAmountMinor, String statementCurrency, LocalDate statementBusinessDate,
        String internalType, Long internalAmountMinor, String internalCurrency, LocalDate internalBusinessDate,
        String status, String assignee, String resolution, String resolutionNote, String resolvedBy,
        Instant resolvedAt, String adjustmentTxId, long version, Instant openedAt, Instant updatedAt) {
}
