package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionReceived;

/** A consumed transaction with the Kafka coordinates it came from. */
record IncomingTransaction(TransactionReceived tx, int partition, long offset, String contentHash) {

    IncomingTransaction(TransactionReceived tx, int partition, long offset) {
        this(tx, partition, offset, tx.contentHash());
    }

    String key() {
        return tx.providerId() + "\u0000" + tx.providerTxId();
    }
}
