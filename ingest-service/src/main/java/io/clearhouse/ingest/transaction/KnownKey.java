package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.UUID;

/** A key already judged (in the database or earlier in the batch) and what its first delivery was. */
record KnownKey(TxKey key, UUID transactionId, Fate fate, TransactionType type, TransactionType adjustedType,
                long amountMinor, String currency, LocalDate businessDate, String contentHash, int partition,
                long offset) {
}
