package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionReceived;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A rollback held until its bet arrives (or {@code expiresAt} passes), with the {@code traceparent} of
 * its record while the batch that parked it runs (null once read back from the database: the table does
 * not keep it, and a rollback resolved later belongs to that later work).
 */
record ParkedRollback(TxKey key, TxKey betKey, UUID transactionId, TransactionReceived tx, LocalDate businessDate,
                      String contentHash, int partition, long offset, Instant expiresAt, String traceparent) {
}
