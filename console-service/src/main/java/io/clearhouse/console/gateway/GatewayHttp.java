package io.clearhouse.console.gateway;

import io.clearhouse.console.signin.PersonAuthentication;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every call the console makes to the gateway goes through here: the signed-in person's bearer token,
 * JSON in and out, a 401 ending the session, any other refusal read as an RFC 9457 problem. The
 * per-area clients (QueueClient, StatementClient, ...) hold the URLs; controllers hold none.
 */
@Component
public class GatewayHttp {

    private static final Logger log = LoggerFactory.getLogger(GatewayHttp.class);
    /** A problem body larger than this is not read (it would not be a problem document). */
    private static final int PROBLEM_BYTES_MAX = 64 * 1024;
    /** Field messages shown at most. */
    private static final int FIELDS_MAX = 20;
    /** Headers of a download passed on to the browser. */
    private static final List<String> DOWNLOAD_HEADERS = List.of(HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_LENGTH, "X-Content-SHA256");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient rest;
    private final Clock clock;

    GatewayHttp(RestClient gatewayRestClient, Clock clock) {
        this.rest = gatewayRestClient;
        this.clock = clock;
    }

    /** {@code path} with {@code {name}} placeholders; {@code query}'s null values are left out. */
    public static URI uri(String path, Map<String, ?> pathVars, Map<String, ?> query) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
        Map<String, Object> vars = new LinkedHashMap<>(pathVars);
        query.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                String name = "q_" + k;
                b.queryParam(k, "{" + name + "}");
                vars.put(name, v.toString());
            }
        });
        return b.encode().buildAndExpand(vars).toUri();
    }

    public Map<String, Object> getObject(URI uri) {
        return call(HttpMethod.GET, uri, null, Map.class);
    }

    public List<Map<String, Object>> getList(URI uri) {
        return call(HttpMethod.GET, uri, null, List.class);
    }

    public Map<String, Object> post(URI uri, Object body) {
        return call(HttpMethod.POST, uri, body, Map.class);
    }

    public Map<String, Object> put(URI uri, Object body) {
        return call(HttpMethod.PUT, uri, body, Map.class);
    }

    /**
     * Streams the gateway's answer (a CSV, XLSX, PDF or JSON document) to the browser as it arrives,
     * with the gateway's content type and Content-Disposition.
     */
    public void download(URI uri, HttpServletResponse browser) {
        exchange(HttpMethod.GET, uri, null, response -> {
            for (String h : DOWNLOAD_HEADERS) {
                String v = response.getHeaders().getFirst(h);
                if (v != null) {
                    browser.setHeader(h, v);
                }
            }
            if (browser.getHeader(HttpHeaders.CONTENT_DISPOSITION) == null) {
                browser.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment");
            }
            try (InputStream in = response.getBody()) {
                StreamUtils.copy(in, browser.getOutputStream());
            }
            return null;
        });
    }

    /**
     * Before the console takes traffic (readiness follows this listener): one call to the gateway's open
     * health endpoint, read as JSON, so that the first person's page does not pay for the HTTP client's
     * first connection and the JSON mapper's first use. Bounded by the client's timeouts; never fails.
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        try {
            rest.get().uri("/actuator/health/liveness").accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> {
                        try (InputStream in = response.getBody()) {
                            byte[] bytes = in.readNBytes(PROBLEM_BYTES_MAX);
                            return bytes.length == 0 ? null : JSON.readValue(bytes, Map.class);
                        }
                    }, true);
        } catch (RuntimeException e) {
            log.info("warm-up call to the gateway failed ({}): the first page will open the connection", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T call(HttpMethod method, URI uri, Object body, Class<?> type) {
        return exchange(method, uri, body, response -> {
            try (InputStream in = response.getBody()) {
                byte[] bytes = in.readAllBytes();
                return bytes.length == 0 ? null : (T) JSON.readValue(bytes, type);
            }
        });
    }

    private interface Reader<T> {
        T read(ClientHttpResponse response) throws IOException;
    }

    private <T> T exchange(HttpMethod method, URI uri, Object body, Reader<T> reader) {
        RestClient.RequestBodySpec spec = rest.method(method).uri(uri)
                .headers(h -> h.setBearerAuth(token()))
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL);
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        try {
            return spec.exchange((request, response) -> {
                int status = response.getStatusCode().value();
                if (status == 401) {
                    throw new GatewayProblem.SessionEnded();
                }
                if (status >= 400) {
                    throw new GatewayProblem.Refused(problem(status, response));
                }
                return reader.read(response);
            }, true);
        } catch (ResourceAccessException e) {
            log.warn("{} {}: the gateway could not be reached: {}", method, uri.getPath(), e.getMessage());
            throw new GatewayProblem.Refused(new GatewayProblem(503, "The gateway is unavailable",
                    "It did not answer in time; try again shortly.", List.of()));
        } catch (UncheckedIOException | JacksonException e) {
            log.warn("{} {}: unreadable answer: {}", method, uri.getPath(), e.getMessage());
            throw new GatewayProblem.Refused(new GatewayProblem(502, "Unreadable answer from the gateway",
                    null, List.of()));
        }
    }

    /** The person's token; one already expired ends the session without a call the gateway would refuse. */
    private String token() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a instanceof PersonAuthentication p && (p.expiresAt() == null || clock.instant().isBefore(p.expiresAt()))) {
            return p.getCredentials();
        }
        throw new GatewayProblem.SessionEnded();
    }

    /** Reads an RFC 9457 body if there is one; anything else becomes a problem with the status alone. */
    static GatewayProblem problem(int status, ClientHttpResponse response) {
        String title = null;
        String detail = null;
        List<String> fields = new ArrayList<>();
        try (InputStream in = response.getBody()) {
            byte[] bytes = in.readNBytes(PROBLEM_BYTES_MAX);
            MediaType type = response.getHeaders().getContentType();
            if (bytes.length > 0 && type != null && type.getSubtype().contains("json")) {
                Map<?, ?> p = JSON.readValue(bytes, Map.class);
                title = text(p.get("title"));
                detail = text(p.get("detail"));
                if (p.get("errors") instanceof List<?> errors) {
                    for (Object e : errors) {
                        if (fields.size() < FIELDS_MAX && e instanceof Map<?, ?> m) {
                            String field = text(m.get("field"));
                            String message = text(m.get("message"));
                            fields.add(field == null ? String.valueOf(message) : field + ": " + message);
                        }
                    }
                }
                if (title == null && p.get("error") != null) {
                    title = text(p.get("error"));
                    detail = text(p.get("error_description"));
                }
            }
        } catch (IOException | JacksonException e) {
            // the status alone is shown
        }
        return new GatewayProblem(status, title == null ? defaultTitle(status) : title, detail, fields);
    }

    private static String defaultTitle(int status) {
        return switch (status) {
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 429 -> "Too many requests";
            default -> status >= 500 ? "The service failed (" + status + ")" : "Refused (" + status + ")";
        };
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
