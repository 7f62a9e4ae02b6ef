package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.gateway.access.AccessLogWriter;
import io.clearhouse.gateway.auth.ClientAdmin;
import io.clearhouse.gateway.auth.IssuedCredentials;
import io.clearhouse.gateway.auth.NewClient;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.protect.RequestSignature;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestHttp;
import io.clearhouse.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running gateway on a random port against the shared real PostgreSQL and Kafka broker; one
 * Spring context for every IT of the module. A stub HTTP server stands in for the services behind
 * the routes and records what reached it. Requests from 127.0.0.1 are treated as coming through a
 * trusted proxy, so tests can name the client address in {@code X-Forwarded-For}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayITBase {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Connect timeout here, request timeout in {@link #send}: no test can wait for ever on the gateway. */
    static final HttpClient HTTP = TestHttp.client();
    static final AtomicInteger SEQ = new AtomicInteger();

    /**
     * What the stub service received: method, path with query, headers, body, and how many files
     * were in the gateway's upload spool while it arrived.
     */
    record Forwarded(String method, String uri, Map<String, List<String>> headers, byte[] body, long spooledFiles) {
    }

    static final ConcurrentLinkedQueue<Forwarded> FORWARDED = new ConcurrentLinkedQueue<>();
    static final HttpServer SERVICE = stubService();
    /** Where the gateway spools signed uploads in the tests: empty whenever no upload is in flight. */
    static final java.nio.file.Path SPOOL_DIR = spoolDir();

    private static long spooledFiles() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(SPOOL_DIR)) {
            return files.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.nio.file.Path spoolDir() {
        try {
            return java.nio.file.Files.createTempDirectory("gateway-spool-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ClientAdmin clients;
    @Autowired
    AccessLogWriter accessLog;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServiceTestSupport.register(r, "gateway");
        String stub = "http://127.0.0.1:" + SERVICE.getAddress().getPort();
        for (String s : List.of("INGEST", "SETTLEMENT", "RECONCILIATION", "REPORTING", "CONSOLE")) {
            // a test class may point a route elsewhere with clearhouse.test.<service>-url (see RouteTimeoutIT)
            r.add("CLEARHOUSE_" + s + "_URL", () -> "${clearhouse.test." + s.toLowerCase() + "-url:" + stub + "}");
        }
        // a test class that must not trust loopback sets clearhouse.test.trusted-proxies (see UntrustedProxyIT)
        r.add("clearhouse.gateway.protect.trusted-proxies",
                () -> "${clearhouse.test.trusted-proxies:127.0.0.1/32,::1/128}");
        r.add("clearhouse.gateway.protect.max-body-size", () -> "64KB");
        r.add("clearhouse.gateway.protect.max-upload-size", () -> "256KB");
        r.add("clearhouse.gateway.protect.max-proxied-size", () -> "256KB");
        r.add("clearhouse.gateway.protect.upload-spool-dir", SPOOL_DIR::toString);
    }

    private static HttpServer stubService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] received = exchange.getRequestBody().readAllBytes();
                FORWARDED.add(new Forwarded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), received, spooledFiles()));
                byte[] body = "{\"stub\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- clients and tokens

    static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + "-" + SEQ.incrementAndGet();
    }

    IssuedCredentials provider(String providerId) {
        return client(new NewClient(unique("p-" + providerId), Role.PROVIDER, providerId, null, null, null, "test"));
    }

    IssuedCredentials client(NewClient request) {
        return clients.create(request, "test", null);
    }

    IssuedCredentials client(Role role) {
        return client(new NewClient(unique(role.scope()), role, null, null, null, null, "test"));
    }

    HttpResponse<String> tokenRequest(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(url("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    }

    String token(IssuedCredentials c) throws Exception {
        HttpResponse<String> r = tokenRequest(c.clientId(), c.clientSecret());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").asString();
    }

    // ---- requests

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static byte[] batchBody(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(transactionJson(unique("tx")));
        }
        return sb.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String transactionJson(String providerTxId) {
        return """
                {"providerTxId":"%s","roundId":"r-1","playerRef":"pl-1","brandId":"b-1","gameId":"g-1",\
                "gameType":"SLOT","type":"BET","amount":"1.50","currency":"EUR","occurredAt":"2026-11-24T10:00:00Z"}"""
                .formatted(providerTxId);
    }

    /** A provider POST signed with {@code signingSecret} at {@code timestamp}. */
    HttpRequest.Builder signedPost(String path, String token, String signingSecret, long timestamp, byte[] body) {
        String ts = Long.toString(timestamp);
        return HttpRequest.newBuilder(url(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header(RequestSignature.TIMESTAMP_HEADER, ts)
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(signingSecret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    HttpRequest.Builder signedPost(String path, String token, String signingSecret, byte[] body) {
        return signedPost(path, token, signingSecret, Instant.now().getEpochSecond(), body);
    }

    /** Sends with {@link TestHttp#REQUEST_TIMEOUT} unless the request set its own timeout. */
    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(TestHttp.withTimeout(request.build()), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode body(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** Asserts a problem+json refusal of the given status and problem type (last segment). */
    static void assertRefused(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(body(r).get("type").asString()).isEqualTo("https://clearhouse.io/problems/" + type);
    }

    // ---- Kafka

    /**
     * How many transactions are on provider.transactions.v1 (committed, as ingest reads them): the
     * records from the start of every partition to its end, transaction markers left out. A batch is
     * published in one Kafka transaction, so the end offsets also count its commit markers.
     */
    static long publishedCount() {
        long[] count = {0};
        readPublished(r -> count[0]++);
        return count[0];
    }

    /** The {@code traceparent} header of every committed record whose value contains {@code marker}. */
    static List<String> publishedTraceparents(String marker) {
        List<String> found = new ArrayList<>();
        readPublished(r -> {
            if (new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(marker)) {
                var h = r.headers().lastHeader("traceparent");
                found.add(h == null ? "none" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return found;
    }

    /** Every committed record of provider.transactions.v1, from the start of each partition to its end (30 s at most). */
    private static void readPublished(java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.PROVIDER_TRANSACTIONS).forEach(i ->
                    partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(java.time.Instant.now()).as("read the topic to its end in time").isBefore(deadline);
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
