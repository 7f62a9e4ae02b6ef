package io.clearhouse.support.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    private static final String SECRET = "a-webhook-secret-of-some-length";
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    private record Received(Map<String, String> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HttpServer server;
    private WebhookSenders senders;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> h = new java.util.HashMap<>();
            for (String name : List.of(WebhookSignature.TIMESTAMP, WebhookSignature.SIGNATURE,
                    WebhookSignature.EVENT_ID, "Content-Type", "X-Extra")) {
                String v = ex.getRequestHeaders().getFirst(name);
                if (v != null) {
                    h.put(name, v);
                }
            }
            received.add(new Received(h, body));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        senders = new WebhookSenders(meters, Clock.fixed(NOW, ZoneOffset.UTC), "test");
    }

    @AfterEach
    void stop() {
        senders.close();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private double count(String outcome) {
        var c = meters.find(WebhookSender.METRIC).tags("service", "test", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void signatureIsSha256PrefixedHexHmacOfTimestampDotBody() throws Exception {
        byte[] body = "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(
                mac.doFinal(("1700000000." + "{\"text\":\"hi\"}").getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, body)).isEqualTo(expected);
    }

    @Test
    void verifyAcceptsAFreshSignatureAndRefusesTamperedStaleOrWrongKey() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        long ts = NOW.getEpochSecond();
        String sig = WebhookSignature.sign(SECRET, ts, body);
        Duration tolerance = Duration.ofMinutes(5);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), sig, body, NOW, tolerance)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), sig, "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                NOW, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), sig, body, NOW.plusSeconds(301), tolerance)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-entirely", Long.toString(ts), sig, body, NOW, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "not-a-number", sig, body, NOW, tolerance)).isFalse();
    }

    @Test
    void sendDeliversASignedBodyWithTheEventIdAndCountsItSent() {
        WebhookSender sender = senders.create(WebhookSettings.of(url(), SECRET, 3, 10));
        byte[] body = "{\"text\":\"close blocked\"}".getBytes(StandardCharsets.UTF_8);

        sender.send("evt-1", body);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("sent") == 1.0);
        Received r = received.get(0);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers()).containsEntry(WebhookSignature.EVENT_ID, "evt-1")
                .containsEntry(WebhookSignature.TIMESTAMP, Long.toString(NOW.getEpochSecond()))
                .containsEntry("Content-Type", "application/json");
        assertThat(WebhookSignature.verify(SECRET, r.headers().get(WebhookSignature.TIMESTAMP),
                r.headers().get(WebhookSignature.SIGNATURE), r.body(), NOW, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void withoutASecretTheBodyIsSentUnsigned() {
        WebhookSender sender = senders.create(WebhookSettings.of(url(), "", 1, 10));

        WebhookSender.Attempt a = sender.attempt("evt-2", "{}".getBytes(StandardCharsets.UTF_8), Map.of("X-Extra", "1"));

        assertThat(a.delivered()).isTrue();
        assertThat(received.get(0).headers()).doesNotContainKeys(WebhookSignature.SIGNATURE, WebhookSignature.TIMESTAMP)
                .containsEntry("X-Extra", "1");
    }

    @Test
    void failedAttemptsAreRetriedUpToTheBoundThenCountedFailed() {
        failuresLeft.set(100);
        WebhookSender sender = senders.create(WebhookSettings.of(url(), SECRET, 3, 5));

        sender.send("evt-3", "{}".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("failed") == 1.0);
        assertThat(received).hasSize(3);
        assertThat(count("retry")).isEqualTo(2.0);
        assertThat(count("sent")).isZero();
    }

    @Test
    void aTransientFailureIsRetriedUntilDelivered() {
        failuresLeft.set(1);
        WebhookSender sender = senders.create(WebhookSettings.of(url(), SECRET, 5, 5));

        sender.send("evt-4", "{}".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("sent") == 1.0);
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(r -> assertThat(r.headers()).containsEntry(WebhookSignature.EVENT_ID, "evt-4"));
    }

    @Test
    void backoffDoublesAndIsCapped() {
        WebhookSender sender = senders.create(new WebhookSettings(url(), SECRET, 10, 100, 350, 10, Duration.ofSeconds(5)));

        assertThat(List.of(1, 2, 3, 4, 9).stream().map(n -> sender.backoff(n).toMillis()).toList())
                .containsExactly(100L, 200L, 350L, 350L, 350L);
    }

    @Test
    void settingsAreBoundedWhateverTheConfigurationSays() {
        WebhookSettings s = new WebhookSettings(" http://x ", " ", 1000, -5, 0, 1_000_000, Duration.ofHours(1));

        assertThat(s.url()).isEqualTo("http://x");
        assertThat(s.signed()).isFalse();
        assertThat(s.maxAttempts()).isEqualTo(WebhookSettings.MAX_ATTEMPTS_CAP);
        assertThat(s.backoffMs()).isEqualTo(1);
        assertThat(s.queueCapacity()).isEqualTo(WebhookSettings.QUEUE_CAP);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(WebhookSettings.of(url() + "/T000/B000/token", SECRET, 1, 1).toString())
                .doesNotContain(SECRET).doesNotContain("token");
    }

    @Test
    void anUnreachableReceiverIsAnErrorNotAnException() {
        server.stop(0);
        WebhookSender sender = senders.create(WebhookSettings.of(url(), SECRET, 1, 1));

        WebhookSender.Attempt a = sender.attempt("evt-5", "{}".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(a.delivered()).isFalse();
        assertThat(a.status()).isNull();
        assertThat(a.error()).isNotBlank();
    }
}
