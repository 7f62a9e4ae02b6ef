package io.clearhouse.launcher.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the demo talks to Clearhouse: over HTTP, through the gateway, like any outside client.
 * Every call names the role it acts in, so that authentication is handled here, in one place.
 */
public final class GatewayClient {

    /** The roles of the platform's API clients. */
    public enum Role { PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;

    public GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The answer to one call: status and parsed body (null when empty or not JSON). */
    public record Answer(int status, JsonNode body) {
    }

    public JsonMapper json() {
        return json;
    }

    /** A provider pushing a batch of transactions. */
    public Answer postBatch(String providerId, List<Map<String, Object>> transactions)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/transactions/batch?providerId=" + providerId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(transactions))));
    }

    public Answer get(String path, Role role) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Answer postJson(String path, Object body, Role role) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    /** Uploads a file (a provider statement, a rate file) as the given role. */
    public Answer upload(String path, byte[] content, String contentType, Role role)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = null;
        if (r.body().length > 0) {
            try {
                body = json.readTree(r.body());
            } catch (RuntimeException notJson) {
                body = null;
            }
        }
        return new Answer(r.statusCode(), body);
    }
}
