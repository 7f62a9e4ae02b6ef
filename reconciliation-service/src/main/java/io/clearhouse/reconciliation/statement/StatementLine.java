package io.clearhouse.reconciliation.statement;

import java.time.Instant;
import java.time.LocalDate;

/** One good line of a provider statement, as it is stored (amounts in minor units). */
record StatementLine(long line, String providerTxId, String type, long amountMinor, String currency,
                     Instant occurredAt, LocalDate businessDate, String roundId, String playerRef, String brandId,
                     String gameId, String gameType) {
}
