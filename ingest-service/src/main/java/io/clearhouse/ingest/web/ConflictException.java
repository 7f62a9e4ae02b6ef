package io.clearhouse.ingest.web;

/** The request is well-formed but contradicts what is already recorded; answered 409 naming the field. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
