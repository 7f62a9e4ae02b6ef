package io.clearhouse.gateway.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the gateway refuses before (or instead of) doing anything with it. Carries everything
 * the problem+json answer needs; its type's last segment is the refusal reason in metrics and the
 * access log.
 */
public class Refusal extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final transient Map<String, String> headers;
    private final transient List<FieldError> errors;

    public Refusal(HttpStatus status, URI type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public Refusal(HttpStatus status, URI type, String title, String detail, Map<String, String> headers) {
        this(status, type, title, detail, headers, List.of());
    }

    /** A refusal that names the fields at fault ({@code errors} in the problem body). */
    public Refusal(HttpStatus status, URI type, String title, String detail, List<FieldError> errors) {
        this(status, type, title, detail, Map.of(), errors);
    }

    private Refusal(HttpStatus status, URI type, String title, String detail, Map<String, String> headers,
                    List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = new LinkedHashMap<>(headers);
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The fields at fault, if the refusal is about some; empty otherwise. */
    public List<FieldError> errors() {
        return errors;
    }

    public String reason() {
        return Problems.reason(type);
    }
}
