package io.clearhouse.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestHttp;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Calls the service over real HTTP on its random port. */
public final class Http {

    private static final HttpClient CLIENT = TestHttp.client();

    /** Status and parsed body. */
    public record Answer(int status, JsonNode body) {
    }

    private Http() {
    }

    /** The caller headers the gateway would set and sign for this request without a body ({@code path} with its query). */
    public static String[] as(String method, String path, String actor, String roles) {
        return ServiceTestSupport.callerHeaders(method, path, actor, roles, null).entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    /** The caller headers of a PROVIDER client bound to {@code provider}, signed for this request. */
    public static String[] asProvider(String method, String path, String provider) {
        return ServiceTestSupport.callerHeaders(method, path, provider + "-client", "PROVIDER", provider).entrySet()
                .stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    /** GET as the gateway passes on a call of a client with these roles (signed for the path and query). */
    public static Answer getAs(int port, String pathAndQuery, String roles) throws Exception {
        return get(port, pathAndQuery, as("GET", pathAndQuery, "test-" + roles.toLowerCase().replace(',', '-'), roles));
    }

    public static Answer get(int port, String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), headers);
    }

    /**
     * PUT of this JSON body. Caller headers made by {@link #as} (signed without a body) are signed again
     * for the same caller with this body, as the gateway signs what it forwards.
     */
    public static Answer put(int port, String path, Object body, String... headers) throws Exception {
        byte[] bytes = IngestStack.JSON.writeValueAsBytes(body);
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), withBody("PUT", path, bytes, headers));
    }

    private static String[] withBody(String method, String path, byte[] body, String... headers) {
        java.util.Map<String, String> given = new java.util.HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.put(headers[i], headers[i + 1]);
        }
        if (!given.containsKey(io.clearhouse.common.identity.CallerHeaders.IDENTITY)) {
            return headers;
        }
        return ServiceTestSupport.callerHeaders(method, path, body,
                        given.get(io.clearhouse.common.identity.CallerHeaders.ACTOR),
                        given.get(io.clearhouse.common.identity.CallerHeaders.ROLES),
                        given.get(io.clearhouse.common.identity.CallerHeaders.PROVIDER)).entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    /** POST of this JSON body; caller headers are signed again with the body, as {@link #put} does. */
    public static Answer post(int port, String path, Object body, String... headers) throws Exception {
        byte[] bytes = IngestStack.JSON.writeValueAsBytes(body);
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), withBody("POST", path, bytes, headers));
    }

    private static Answer send(HttpRequest.Builder b, String... headers) throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = CLIENT.send(b.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body().length == 0 ? null : IngestStack.JSON.readTree(r.body()));
    }
}
