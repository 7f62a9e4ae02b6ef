package io.clearhouse.ingest;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
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
        return pairs(ServiceTestSupport.callerHeaders(method, path, actor, roles, null));
    }

    /** The caller headers of a PROVIDER client bound to {@code provider}, signed for this request. */
    public static String[] asProvider(String method, String path, String provider) {
        return pairs(ServiceTestSupport.callerHeaders(method, path, provider + "-client", "PROVIDER", provider));
    }

    private static String[] pairs(Map<String, String> headers) {
        return headers.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
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
        return sendJson(port, "PUT", path, body, headers);
    }

    /** POST of this JSON body; caller headers are signed again with the body, as {@link #put} does. */
    public static Answer post(int port, String path, Object body, String... headers) throws Exception {
        return sendJson(port, "POST", path, body, headers);
    }

    private static Answer sendJson(int port, String method, String path, Object body, String... headers)
            throws Exception {
        byte[] bytes = IngestStack.JSON.writeValueAsBytes(body);
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.put(headers[i], headers[i + 1]);
        }
        if (!given.containsKey(CallerHeaders.IDENTITY)) {
            return send(ServiceTestSupport.signedJson(port, method, path, bytes, null, null, null), headers);
        }
        return send(ServiceTestSupport.signedJson(port, method, path, bytes, given.get(CallerHeaders.ACTOR),
                given.get(CallerHeaders.ROLES), given.get(CallerHeaders.PROVIDER)));
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
