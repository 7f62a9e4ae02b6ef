package io.clearhouse.gateway.web;

/** The gateway cannot make a transaction durable right now; the client should retry later. */
public class ServiceUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    public ServiceUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
