package io.clearhouse.support.problem;

import java.util.Objects;

/** One entry of a problem's {@code errors}: the request field at fault and what is wrong with it. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
