package io.clearhouse.common.kafka;

/**
 * A consumed record that can never be applied (unreadable, breaks a rule, refused by the database as
 * data): retrying cannot fix it, so it goes to {@code <topic>.DLT} at once with this as its reason.
 * Every other failure of a listener is infrastructure and is retried without end (service-support's
 * Kafka error handler). Services subclass it for their own records.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
