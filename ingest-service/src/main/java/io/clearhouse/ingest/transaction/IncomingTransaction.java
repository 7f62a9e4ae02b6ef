package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionReceived;

/**
 * A consumed transaction with the Kafka coordinates it came from and the W3C {@code traceparent} of
 * the request that sent it (null when the record had none): a batch has no current span, so the
 * events this record produces carry it on themselves.
 */
record IncomingTransaction(TransactionReceived tx, int partition, long offset, String contentHash,
                           String traceparent) {

    IncomingTransaction(TransactionReceived tx, int partition, long offset) {
        this(tx, partition, offset, null);
    }

    IncomingTransaction(TransactionReceived tx, int partition, long offset, String traceparent) {
        this(tx, partition, offset, tx.contentHash(), traceparent);
    }

    String key() {
        return tx.providerId() + "\u0000" + tx.providerTxId();
    }
}
