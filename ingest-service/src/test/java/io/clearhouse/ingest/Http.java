package io.clearhouse.ingest;

import io.clearhouse.testsupport.ServiceTestSupport;
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

    /** The caller headers the gateway would set and sign for this request ({@code path} without the query). */
    public static String[] as(String method, String path, String actor, String roles) {
        return ServiceTestSupport.callerHeaders(method, path, actor, roles, null).entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    /** The caller headers of a PROVIDER client bound to {@code provider}, signed for this request. */
    public static String[] asProvider(String method, String path, String provider) {
        return ServiceTestSupport.callerHeaders(method, path, provider + "-client", "PROVIDER", provider).entrySet()
                .stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    /** GET as the gateway passes on a call of a client with these roles (signed for the path without the query). */
    public static Answer getAs(int port, String pathAndQuery, String roles) throws Exception {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        return get(port, pathAndQuery, as("GET", path, "test-" + roles.toLowerCase().replace(',', '-'), roles));
    }

    public static Answer get(int port, String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), headers);
    }

    public static Answer put(int port, String path, Object body, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(IngestStack.JSON.writeValueAsBytes(body))), headers);
    }

    public static Answer post(int port, String path, Object body, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(IngestStack.JSON.writeValueAsBytes(body))), headers);
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
