package io.clearhouse.reporting.web;

/** Refusals the controllers raise; {@link ProblemHandler} maps each to an RFC 9457 problem. */
public final class Problems {

    private Problems() {
    }

    /** 400: a field (query parameter) is wrong. */
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

    /** 404 (also what a provider gets for another provider's or a draft report: nothing to see). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
