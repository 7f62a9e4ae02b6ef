package io.clearhouse.gateway.web;

import java.net.URI;
import java.util.LinkedHashMap;
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

    public Refusal(HttpStatus status, URI type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public Refusal(HttpStatus status, URI type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = new LinkedHashMap<>(headers);
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

    public String reason() {
        return Problems.reason(type);
    }
}
