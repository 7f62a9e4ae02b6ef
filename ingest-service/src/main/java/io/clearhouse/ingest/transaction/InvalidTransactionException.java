package io.clearhouse.ingest.transaction;

/** A consumed record (a transaction, a history event) that breaks a rule; retrying cannot fix it, so it goes to the DLT at once. */
public class InvalidTransactionException extends io.clearhouse.common.kafka.PoisonRecordException {

    public InvalidTransactionException(String message) {
        super(message);
    }
}
