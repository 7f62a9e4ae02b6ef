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

/** How a provider talks to Clearhouse: over HTTP, through the gateway, like any outside client. */
public final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;

    public GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The answer to one call: status and parsed body. */
    public record Answer(int status, JsonNode body) {
    }

    public Answer postBatch(String providerId, List<Map<String, Object>> transactions) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/transactions/batch?providerId=" + providerId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(transactions))));
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = r.body().length == 0 ? null : json.readTree(r.body());
        return new Answer(r.statusCode(), body);
    }
}
