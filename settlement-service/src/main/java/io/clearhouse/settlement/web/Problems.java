package io.clearhouse.settlement.web;

/** Refusals the controllers raise; {@link ProblemHandler} maps each to an RFC 9457 problem. */
public final class Problems {

    private Problems() {
    }

    /** 400: a field is wrong. */
    public static final class InvalidField extends RuntimeException {
        private final String field;

        public InvalidField(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** 404. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** 409: the request contradicts the current state (illegal transition, closed period, same maker and checker). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** 422: well-formed, but the close cannot be done with the data at hand (missing FX rate, no contract). */
    public static final class Unprocessable extends RuntimeException {
        public Unprocessable(String message) {
            super(message);
        }
    }
}
