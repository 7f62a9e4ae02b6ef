package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.support.webhook.WebhookSignature;
import io.clearhouse.testsupport.IngestSchema;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestHttp;
import io.clearhouse.testsupport.TestInfrastructure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every reconciliation IT (same annotations and properties), against the
 * shared real PostgreSQL and Kafka, with ingest's real schema migrated first. Each test works on
 * its own provider id, so tests do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clearhouse.reconciliation.max-line-errors=5",
        "clearhouse.reconciliation.approval-above-major=1000",
        "clearhouse.reconciliation.approval-above-major-by-currency=KRW=100000",
        "clearhouse.outbox.idle-ms=100",
        "clearhouse.reconciliation.alerts.interval-ms=3600000",
        "clearhouse.reconciliation.run-sweep-ms=3600000",
        "clearhouse.reconciliation.alerts.max-attempts=3",
        "clearhouse.reconciliation.alerts.backoff-ms=50"})
public abstract class ReconciliationITBase {

    /** A Slack-like webhook receiver: the first delivery of each message fails with 500, a repeat succeeds. */
    static final List<String> WEBHOOK_BODIES = new CopyOnWriteArrayList<>();
    /** Every delivery as received: body, event id, and whether its signature verified with the secret. */
    static final List<WebhookDelivery> WEBHOOK_DELIVERIES = new CopyOnWriteArrayList<>();
    static final String WEBHOOK_SECRET = "recon-alert-webhook-test-secret";
    static final AtomicInteger WEBHOOK_CALLS = new AtomicInteger();
    static final String ALWAYS_FAIL = "always-fail";
    /** A message marked hold is not answered until {@link #webhookGate} opens (at most 60 s). */
    static final String HOLD = "hold-until-released";
    static volatile CountDownLatch webhookGate = new CountDownLatch(0);
    private static final HttpServer WEBHOOK = startWebhook();

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = TestHttp.client();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        IngestSchema.migrate();
        ServiceTestSupport.register(registry, "reconciliation");
        registry.add("clearhouse.reconciliation.alerts.webhook-url",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/hook");
        registry.add("clearhouse.reconciliation.alerts.webhook-secret", () -> WEBHOOK_SECRET);
    }

    record WebhookDelivery(String body, String eventId, boolean signatureValid) {
    }

    private static HttpServer startWebhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                WEBHOOK_CALLS.incrementAndGet();
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String body = new String(raw, StandardCharsets.UTF_8);
                var headers = exchange.getRequestHeaders();
                WEBHOOK_DELIVERIES.add(new WebhookDelivery(body, headers.getFirst(WebhookSignature.EVENT_ID),
                        WebhookSignature.verify(WEBHOOK_SECRET, headers.getFirst(WebhookSignature.TIMESTAMP),
                                headers.getFirst(WebhookSignature.SIGNATURE), raw, Instant.now(), Duration.ofMinutes(5))));
                boolean firstTime = !WEBHOOK_BODIES.contains(body);
                WEBHOOK_BODIES.add(body);
                if (body.contains(HOLD)) {
                    try {
                        webhookGate.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                // a message marked always-fail is refused every time (the all-attempts-failed path)
                exchange.sendResponseHeaders(firstTime || body.contains(ALWAYS_FAIL) ? 500 : 200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer to one call. */
    record Answer(int status, JsonNode body) {
    }

    /** Who calls: actor, roles, bound provider. */
    record As(String actor, String roles, String provider) {
        static As provider(String providerId) {
            return new As("client-" + providerId, "PROVIDER", providerId);
        }

        static As operator() {
            return new As("olga.operator", "OPERATOR", null);
        }

        static As operator(String name) {
            return new As(name, "OPERATOR", null);
        }

        static As finance(String name) {
            return new As(name, "FINANCE", null);
        }
    }

    static String newProvider() {
        return "prov-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Answer upload(String providerId, As as, String contentType, byte[] content) throws Exception {
        String query = providerId == null ? "" : "?providerId=" + providerId;
        return send(signed("POST", "/v1/reconciliation/statements" + query, content, contentType, as));
    }

    Answer get(String path, As as) throws Exception {
        return send(signed("GET", path, null, null, as));
    }

    String getText(String path) throws Exception {
        return HTTP.send(TestHttp.request(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    Answer post(String path, Object body, As as) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return send(signed("POST", path, bytes, "application/json", as));
    }

    Answer put(String path, Object body, As as) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return send(signed("PUT", path, bytes, "application/json", as));
    }

    /** Sends exactly these JSON bytes (for hostile numbers the test's own mapper would not write). */
    Answer putRaw(String path, String json, As as) throws Exception {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send(signed("PUT", path, bytes, "application/json", as));
    }

    /** Waits (at most 60 s) for a run to finish and returns its results. */
    JsonNode awaitRun(long runId) {
        return awaitRun(runId, Duration.ofSeconds(60));
    }

    /** Waits (at most {@code max}) for a run to finish, asserts it COMPLETED and returns its results. */
    JsonNode awaitRun(long runId, Duration max) {
        Answer finished = await("run " + runId + " to finish").atMost(max).until(() -> {
            Answer a = get("/v1/reconciliation/runs/" + runId, As.operator());
            assertThat(a.status()).isEqualTo(200);
            return a;
        }, a -> Set.of("COMPLETED", "FAILED").contains(a.body().get("run").get("status").asString()));
        assertThat(finished.body().get("run").get("status").asString()).as("run %d failed: %s", runId,
                finished.body()).isEqualTo("COMPLETED");
        return finished.body();
    }

    static long count(String sql, Object... args) throws Exception {
        try (Connection c = TestInfrastructure.get().superuserConnection();
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A request as the gateway passes it on: the caller's identity headers, signed for this method, path, query and body. */
    private HttpRequest.Builder signed(String method, String path, byte[] body, String contentType, As as) {
        return ServiceTestSupport.signedRequest(port, method, path, body, contentType, as.actor(), as.roles(),
                as.provider()).timeout(Duration.ofSeconds(60));
    }

    /** Sends exactly this body with exactly these headers (for forged-identity tests). */
    Answer sendRaw(String method, String path, String contentType, byte[] body, java.util.Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = TestHttp.request(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** Sends a request with exactly these headers (for forged-identity tests). */
    Answer sendRaw(String method, String path, java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = TestHttp.request(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return send(b);
    }

    private static Answer send(HttpRequest.Builder b) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = r.body().length == 0 ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), body);
    }
}
