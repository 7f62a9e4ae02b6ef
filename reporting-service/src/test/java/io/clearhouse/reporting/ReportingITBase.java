package io.clearhouse.reporting;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakClass;
import io.clearhouse.common.reconciliation.BreakOpened;
import io.clearhouse.common.settlement.StatementPublished;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.testsupport.IngestSchema;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestInfrastructure;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every reporting IT (real PostgreSQL and Kafka from test-support, ingest's real
 * schema for the export). Tests publish the events of settlement, reconciliation and ingest on the real
 * broker and call the HTTP API with the caller headers the gateway would sign. Each test works on its
 * own providers and business dates, so consolidated reports never mix tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clearhouse.reporting.generator-poll-ms=100",
        "clearhouse.reporting.webhook.poll-ms=100",
        "clearhouse.reporting.webhook.backoff-ms=50",
        "clearhouse.reporting.webhook.max-backoff-ms=200",
        "clearhouse.reporting.webhook.max-attempts=3",
        "clearhouse.reporting.webhook.secret=" + ReportingITBase.WEBHOOK_SECRET,
        "clearhouse.kafka.retry-max-interval-ms=2000",
        "clearhouse.reporting.anomaly.poll-ms=200",
        "clearhouse.reporting.anomaly.grace=PT0S",
        "clearhouse.reporting.anomaly.settle=PT1S"})
abstract class ReportingITBase {

    static final String WEBHOOK_SECRET = "it-webhook-secret-0123456789abcdef";
    static final WebhookReceiver WEBHOOK = WebhookReceiver.start();
    private static final LocalDate BASE_DATE = LocalDate.of(2020, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(2000));
    private static final AtomicInteger DATES = new AtomicInteger();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        IngestSchema.migrate();
        ServiceTestSupport.register(registry, "reporting");
        registry.add("clearhouse.reporting.webhook.url", WEBHOOK::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    static String uniqueProvider(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static LocalDate uniqueDate() {
        return BASE_DATE.plusDays(DATES.incrementAndGet());
    }

    /** GET as a caller the gateway signed; {@code actor} null sends no identity. */
    Answer get(String pathAndQuery, String actor, String roles, String provider) throws Exception {
        HttpRequest request = ServiceTestSupport.signedRequest(port, "GET", pathAndQuery, null, null, actor, roles,
                provider).timeout(Duration.ofSeconds(60)).build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.headers().map(), r.body());
    }

    Answer finance(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "fin-1", "FINANCE", null);
    }

    JsonNode financeJson(String pathAndQuery) throws Exception {
        Answer a = finance(pathAndQuery);
        if (a.status() != 200) {
            throw new AssertionError("HTTP " + a.status() + ": " + a.text());
        }
        return json.readTree(a.body());
    }

    void publish(String topic, String key, Object event) throws Exception {
        kafka.send(topic, key, event instanceof String s ? s : json.writeValueAsString(event)).get();
    }

    void publishStatement(StatementPublished e) throws Exception {
        publish(Topics.SETTLEMENT_STATEMENTS, e.statementId(), e);
    }

    static BreakOpened breakOpened(long breakId, String provider, LocalDate date, BreakClass c, long amountMinor) {
        return new BreakOpened(1, "recon:break:" + breakId + ":OPENED", breakId, 7, 9, provider, "tx-" + breakId, c,
                date, "USD", amountMinor, Instant.parse("2026-03-03T08:00:00Z"));
    }

    static TransactionRecorded tx(String provider, String id, TransactionType type, GameType game, long amountMinor,
                                  String brand, LocalDate date) {
        return new TransactionRecorded(1, provider + ":" + id, provider, id, "round-" + id, "player-1", brand, "g-1",
                game, type, amountMinor, "USD", date.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(60),
                date, type == TransactionType.ROLLBACK ? "bet-ref" : null, null, null, false, null, null, "hash-" + id,
                Instant.now());
    }

    static TestInfrastructure infra() {
        return TestInfrastructure.get();
    }
}
