package io.clearhouse.gateway.web;

/** One field at fault in a request body, as reported in a problem+json {@code errors} array. */
public record FieldError(String field, String message) {
}
