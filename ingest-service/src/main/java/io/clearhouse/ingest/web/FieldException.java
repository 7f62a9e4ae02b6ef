package io.clearhouse.ingest.web;

/** A request field with a value the operation cannot take; answered 400 naming the field. */
public class FieldException extends RuntimeException {

    private final String field;

    public FieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
