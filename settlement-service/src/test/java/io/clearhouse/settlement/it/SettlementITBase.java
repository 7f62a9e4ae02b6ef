package io.clearhouse.settlement.it;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.testsupport.ServiceTestSupport;
import io.clearhouse.testsupport.TestHttp;
import io.clearhouse.testsupport.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every settlement IT (real PostgreSQL and Kafka from test-support). Tests
 * publish {@link TransactionRecorded} to the ledger topic themselves and call the HTTP API with the
 * caller headers the gateway would set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clearhouse.outbox.idle-ms=100", "clearhouse.kafka.retry-max-interval-ms=1000",
                // the ITs' periods are all in the past: a ticking scheduler would close them under the tests;
                // ITs of the scheduler run its poll themselves, at a time of their choosing
                "clearhouse.settlement.auto-close.enabled=false"})
abstract class SettlementITBase {

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        ServiceTestSupport.register(registry, "settlement");
        registry.add("clearhouse.settlement.alert.webhook-url", () -> WebhookReceiver.get().url());
        registry.add("clearhouse.settlement.alert.webhook-secret", () -> WebhookReceiver.SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    JsonMapper json;

    private final HttpClient http = TestHttp.client();

    record Answer(int status, JsonNode body) {
    }

    static String uniqueProvider(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Answer post(String path, Object body, String actor, String roles) throws Exception {
        byte[] bytes = json.writeValueAsBytes(body);
        return send(ServiceTestSupport.signedJson(port, "POST", path, bytes, actor, roles, null));
    }

    Answer upload(String path, String body, String contentType, String actor, String roles) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send(ServiceTestSupport.signedRequest(port, "POST", path, bytes, contentType, actor, roles, null));
    }

    Answer get(String path, String actor, String roles) throws Exception {
        return get(path, actor, roles, null);
    }

    /** A GET as the gateway forwards it for a caller bound to {@code provider} (null: none). */
    Answer get(String path, String actor, String roles, String provider) throws Exception {
        return send(ServiceTestSupport.signedRequest(port, "GET", path, null, null, actor, roles, provider));
    }

    /** Sends exactly these headers (no signing): for tests of forged identities. */
    Answer getWithHeaders(String path, Map<String, String> headers) throws Exception {
        return sendWithHeaders("GET", path, null, headers);
    }

    /** Sends exactly this body (null: none) with exactly these headers (no signing): for tests of forgeries. */
    Answer sendWithHeaders(String method, String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : json.readTree(r.body()));
    }

    /** The headers the gateway would set and sign for this caller on this request without a body (path and query). */
    static Map<String, String> signed(String method, String path, String actor, String roles) {
        return ServiceTestSupport.callerHeaders(method, path, actor, roles, null);
    }

    /** The headers the gateway would set and sign for this caller on this request with this body. */
    static Map<String, String> signed(String method, String path, byte[] body, String actor, String roles) {
        return ServiceTestSupport.callerHeaders(method, path, body, actor, roles, null);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Answer send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : json.readTree(r.body()));
    }

    /** Closes the provider's day as FINANCE user alice; the id of its (first) statement. */
    String closeAsAlice(String provider, LocalDate day) throws Exception {
        Answer a = post("/v1/settlements/close", Map.of("businessDate", day.toString(), "providerId", provider),
                "alice", "FINANCE");
        org.assertj.core.api.Assertions.assertThat(a.status()).isEqualTo(200);
        return a.body().get("statements").get(0).get("statementId").asString();
    }

    /** Approves the statement as FINANCE user bob. */
    void approveAsBob(String statementId) throws Exception {
        org.assertj.core.api.Assertions.assertThat(post("/v1/statements/" + statementId + "/approve",
                Map.of("reason", "checked"), "bob", "FINANCE").status()).isEqualTo(200);
    }

    void publish(List<TransactionRecorded> txs) throws Exception {
        for (TransactionRecorded tx : txs) {
            kafka.send(Topics.LEDGER_TRANSACTIONS, tx.key(), tx);
        }
        kafka.flush();
    }

    static TransactionRecorded tx(String provider, String id, TransactionType type, GameType game, long amountMinor,
                                  String currency, LocalDate businessDate) {
        return new TransactionRecorded(1, provider + ":" + id, provider, id, "round-" + id, "player-1", "brand-a", "g-1",
                game, type, amountMinor, currency, businessDate.atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
                .plusSeconds(3600), businessDate, null, null, null, false, null, null, "hash-" + id, Instant.now());
    }

    static TransactionRecorded freeRoundWin(TransactionRecorded win) {
        return new TransactionRecorded(1, win.transactionId(), win.providerId(), win.providerTxId(), win.roundId(),
                win.playerRef(), win.brandId(), win.gameId(), win.gameType(), win.type(), win.amountMinor(), win.currency(),
                win.occurredAt(), win.businessDate(), null, null, null, true, "campaign-1", null, win.contentHash(),
                win.recordedAt());
    }

    static TransactionRecorded rollback(TransactionRecorded bet, String id, LocalDate arrivedOn) {
        return new TransactionRecorded(1, bet.providerId() + ":" + id, bet.providerId(), id, bet.roundId(),
                bet.playerRef(), bet.brandId(), bet.gameId(), bet.gameType(), TransactionType.ROLLBACK, bet.amountMinor(),
                bet.currency(), bet.occurredAt().plusSeconds(5), arrivedOn, bet.providerTxId(), bet.businessDate(), null, false,
                null, null, "hash-" + id, Instant.now());
    }

    /** A signed correction, accepted on {@code businessDate}, of the amount of {@code original} (a BET or a win). */
    static TransactionRecorded adjustment(TransactionRecorded original, String id, long amountMinor,
                                          LocalDate businessDate) {
        return new TransactionRecorded(1, original.providerId() + ":" + id, original.providerId(), id,
                original.roundId(), original.playerRef(), original.brandId(), original.gameId(), original.gameType(),
                TransactionType.ADJUSTMENT, amountMinor, original.currency(),
                businessDate.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(7200), businessDate,
                original.providerTxId(), original.businessDate(), original.type(), false, null, null, "hash-" + id,
                Instant.now());
    }

    /** The worked example's contract: USD, slots 10 % of GGR, live 25 % of NGR (operator-funded bonus deducted). */
    static Map<String, Object> workedExampleContract(String provider, LocalDate effectiveFrom) {
        return Map.of("providerId", provider, "effectiveFrom", effectiveFrom.toString(), "reason", "signed 2026 terms",
                "terms", Map.of("settlementCurrency", "USD", "timeZone", "UTC",
                        "deductions", List.of(Map.of("type", "BONUS_COST")),
                        "games", Map.of("SLOT", Map.of("base", "GGR", "rate", "0.10"),
                                "LIVE", Map.of("base", "NGR", "rate", "0.25", "freeRoundFunder", "OPERATOR"))));
    }

    /** Waits (at most 60 s) until the supplier returns true. */
    static void await(String what, Supplier<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).until(condition::get);
    }

    /**
     * Returns once settlement has processed everything published to the ledger topic before this
     * call: one sentinel transaction (of a provider of its own) goes to every partition, and a
     * partition is consumed in order, so when all sentinels are counted nothing published earlier is
     * still in flight. A positive signal, where a sleep would only hope that duplicates had landed.
     */
    void awaitLedgerDrained() throws Exception {
        String sentinel = uniqueProvider("sentinel");
        LocalDate day = LocalDate.of(2026, 1, 1);
        for (int partition = 0; partition < Topics.TRANSACTION_PARTITIONS; partition++) {
            TransactionRecorded tx = tx(sentinel, "s-" + partition, TransactionType.BET, GameType.SLOT, 1, "EUR", day);
            kafka.send(Topics.LEDGER_TRANSACTIONS, partition, tx.key(), tx).get(30, TimeUnit.SECONDS);
        }
        await("settlement to count a sentinel on every ledger partition",
                () -> transactionsCounted(sentinel, day) == Topics.TRANSACTION_PARTITIONS);
    }

    long transactionsCounted(String provider, LocalDate date) {
        try {
            JsonNode rows = get("/v1/settlements/aggregates?businessDate=" + date + "&providerId=" + provider, "it",
                    "FINANCE").body();
            long n = 0;
            for (JsonNode r : rows) {
                n += r.get("transactions").asLong();
            }
            return n;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TestInfrastructure infra() {
        return TestInfrastructure.get();
    }
}
