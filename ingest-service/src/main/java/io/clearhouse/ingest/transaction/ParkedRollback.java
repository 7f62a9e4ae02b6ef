package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionReceived;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A rollback held until its bet arrives (or {@code expiresAt} passes). */
record ParkedRollback(TxKey key, TxKey betKey, UUID transactionId, TransactionReceived tx, LocalDate businessDate,
                      String contentHash, int partition, long offset, Instant expiresAt) {
}
