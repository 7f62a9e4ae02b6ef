package io.clearhouse.reconciliation.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A refusal that becomes an RFC 9457 problem with a stable type and, where useful, field errors. */
public class ApiException extends RuntimeException {

    public static final URI INVALID_REQUEST = URI.create("https://clearhouse.io/problems/invalid-request");
    public static final URI UNAUTHENTICATED = URI.create("https://clearhouse.io/problems/unauthenticated");
    public static final URI FORBIDDEN = URI.create("https://clearhouse.io/problems/forbidden");
    public static final URI NOT_FOUND = URI.create("https://clearhouse.io/problems/not-found");
    public static final URI CONFLICT = URI.create("https://clearhouse.io/problems/conflict");
    public static final URI STATEMENT_REJECTED = URI.create("https://clearhouse.io/problems/statement-rejected");
    public static final URI BUSY = URI.create("https://clearhouse.io/problems/busy");

    private final HttpStatus status;
    private final URI type;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, URI type, String detail) {
        this(status, type, detail, Map.of());
    }

    public ApiException(HttpStatus status, URI type, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.properties = properties;
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, field + " " + message,
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, NOT_FOUND, what + " not found");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, CONFLICT, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
