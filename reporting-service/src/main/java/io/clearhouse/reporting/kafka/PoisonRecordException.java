package io.clearhouse.reporting.kafka;

/** A record that can never be applied (unreadable, unsupported schema, breaks the contract): it goes to the DLT. */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
