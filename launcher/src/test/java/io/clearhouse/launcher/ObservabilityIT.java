package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.launcher.demo.GatewayClient;
import io.clearhouse.launcher.ops.PromQlSources;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' view proven against a real Prometheus and a real Alertmanager (Debian packages
 * {@code prometheus} and {@code prometheus-alertmanager}; Maven profile {@code observability}, active by
 * itself where {@code /usr/bin/prometheus} exists): the embedded stack with traffic that produces every
 * event the dashboards and alerts watch (recorded bets, wins and rollbacks in two currencies and game types,
 * a duplicate, a conflict, a dead letter, a close, a blocked close, a reconciliation break, reports, an audit
 * verification), Prometheus scraping it every second with {@code ops/prometheus/alerts.yml}; then
 * <ul>
 *   <li>every PromQL expression of the dashboards and the alert rules returns at least one series (a
 *   rule's comparisons made {@code bool}, so that a healthy system still shows the series it compares);</li>
 *   <li>every metric they name exists in Prometheus, except the few that appear only with an event this
 *   test cannot cause ({@link #ONLY_WITH_AN_EVENT});</li>
 *   <li>the dead letter fires {@code DeadLetters}, which Alertmanager routes with {@code ops/alertmanager}'s
 *   routes to a webhook receiver here.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "clearhouse.observability.it", matches = "true",
        disabledReason = "skipped with -Dclearhouse.observability.it=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    /** Metrics that exist only once something happens that this test cannot make happen, and why. */
    static final Map<String, String> ONLY_WITH_AN_EVENT = Map.of(
            "clearhouse_anomalies_open", "exported by the anomaly detector (reporting-service) only while an anomaly is open",
            "clearhouse_kafka_batch_retries_total", "only when a batch fails on infrastructure (database or broker down)",
            "clearhouse_settlement_fx_import_failures_total", "only when the scheduled ECB import fails",
            "clearhouse_webhook_deliveries_total", "only once a service with a webhook configured sends one",
            "ALERTS", "only while an alert is pending or firing");

    private static final Pattern METRIC_NAME = Pattern.compile(
            "\\b(clearhouse_[a-z0-9_]+|recon_[a-z0-9_]+|kafka_[a-z0-9_]+|http_server_[a-z0-9_]+|jvm_[a-z0-9_]+|up|ALERTS)\\b\\s*[{\\[),]");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    /** Closes cleanly: a full contract in USD. */
    private static final String CLOSING = "obs-close-" + SUFFIX;
    /** Its close is blocked: LIVE is not priced by its contract. */
    private static final String BLOCKED = "obs-block-" + SUFFIX;

    /**
     * Scrape and evaluation interval. A scrape may take no longer than the interval: at 1 s, a loaded 2-core
     * machine (the suite's other stack tests just before) let scrapes of /actuator/prometheus time out, and
     * every target looked down.
     */
    private static final Duration SCRAPE = Duration.ofSeconds(3);

    private static Stack stack;
    private static GatewayClient gateway;
    private static Observability observability;
    private static HttpServer receiver;
    private static final List<String> webhooks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (Observability.binaries().isEmpty()) {
            fail(Observability.HOW_TO_INSTALL);
        }
        stack = RunningStack.get();
        gateway = new GatewayClient(stack.config().serviceUrl("gateway"), stack.config().dataDir());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            webhooks.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        List<Integer> ports = RunningStack.freePorts(2);
        observability = Observability.start(stack.config(), new Observability.Settings(ports.get(0), ports.get(1),
                "http://127.0.0.1:" + receiver.getAddress().getPort(), SCRAPE),
                new Console(new PrintStream(System.out, true)));
    }

    @AfterAll
    static void stop() {
        if (observability != null) {
            observability.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    @Order(1)
    void trafficProducesEveryEventTheOperatorsWatch() throws Exception {
        // a day of two providers: bets, wins, a rollback; two brands, two game types; BLOCKED also in KRW
        for (String provider : List.of(CLOSING, BLOCKED)) {
            List<Map<String, Object>> day = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                day.add(tx(provider, "bet-" + i, "BET", "USD", "100.00", i % 2 == 0 ? "SLOT" : "LIVE",
                        i < 3 ? "brand-a" : "brand-b"));
            }
            day.add(tx(provider, "win-0", "WIN", "USD", "150.00", "SLOT", "brand-a"));
            day.add(tx(provider, "win-1", "WIN", "USD", "80.00", "LIVE", "brand-b"));
            Map<String, Object> rollback = tx(provider, "rb-0", "ROLLBACK", "USD", "100.00", "SLOT", "brand-a");
            rollback.put("refTxId", provider + "-bet-0");
            rollback.put("roundId", "round-" + provider + "-bet-0");
            day.add(rollback);
            if (provider.equals(BLOCKED)) {
                day.add(tx(provider, "bet-krw", "BET", "KRW", "15000", "SLOT", "brand-a"));
            }
            assertThat(gateway.postBatch(provider, day).status()).isEqualTo(202);
            // the same again: duplicates; one id with other content: a conflict
            assertThat(gateway.postBatch(provider, day.subList(0, 2)).status()).isEqualTo(202);
            assertThat(gateway.postBatch(provider, List.of(tx(provider, "bet-5", "BET", "USD", "999.00", "LIVE",
                    "brand-b"))).status()).isEqualTo(202);
        }
        // a record ingest cannot read: to provider.transactions.v1.DLT
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        // Prometheus must have seen the DLT's counter at 0 first: increase() cannot see a series whose first sample is
        // already 1 (scraped every 3 s, the letter once beat the first scrape, and DeadLetters never fired)
        Awaitility.await("Prometheus to scrape ingest's dead-letter counter at 0").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> !query(
                        "clearhouse_kafka_dead_letters_total{service=\"ingest\",topic=\"" + Topics.PROVIDER_TRANSACTIONS
                                + ".DLT\"} == 0").isEmpty());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.PROVIDER_TRANSACTIONS, BLOCKED + ":poison",
                    "{not json".getBytes(StandardCharsets.UTF_8))).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        // contracts once the day is counted: CLOSING closes; BLOCKED's LIVE is unpriced, its close blocks
        awaitCounted(CLOSING, 9);
        awaitCounted(BLOCKED, 10);
        for (String provider : List.of(CLOSING, BLOCKED)) {
            Map<String, String> rates = provider.equals(CLOSING) ? Map.of("SLOT", "0.10", "LIVE", "0.20")
                    : Map.of("SLOT", "0.10");
            GatewayClient.Answer contract = gateway.upload("/v1/contracts/import",
                    TestContracts.ggrRates(provider, "observability IT contract", rates), "application/yaml",
                    GatewayClient.Role.FINANCE);
            assertThat(contract.status()).as(String.valueOf(contract.body())).isEqualTo(200);
        }
        // the provider's statement says one stake was 120.00: an AMOUNT_MISMATCH break
        StringBuilder csv = new StringBuilder("providerTxId,type,amount,currency,occurredAt\r\n");
        csv.append(CLOSING).append("-bet-1,BET,120.00,USD,").append(DAY.atTime(12, 0, 1).toInstant(ZoneOffset.UTC))
                .append("\r\n");
        GatewayClient.Answer upload = gateway.upload("/v1/reconciliation/statements?providerId=" + CLOSING,
                csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv", GatewayClient.Role.PROVIDER);
        assertThat(upload.status()).as(String.valueOf(upload.body())).isEqualTo(201);
        // an auditor verifies the trail
        assertThat(gateway.get("/v1/audit/verify", GatewayClient.Role.AUDITOR).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void everyDashboardAndAlertExpressionReturnsSeriesFromTheRunningStack() throws Exception {
        List<PromQl> expressions = expressions();
        assertThat(expressions).hasSizeGreaterThan(40);
        List<String> empty = new ArrayList<>();
        Awaitility.await("every expression to return a series").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                    empty.clear();
                    for (PromQl e : expressions) {
                        JsonNode result = query(e.promql());
                        if (result.isEmpty()) {
                            empty.add(e.where() + ": " + e.promql());
                        }
                    }
                    assertThat(empty).as("expressions without a series; targets: " + targets()).isEmpty();
                });
    }

    @Test
    @Order(3)
    void everyMetricTheDashboardsAndAlertsNameIsExported() throws Exception {
        Set<String> named = new TreeSet<>();
        for (PromQl e : expressions()) {
            Matcher m = METRIC_NAME.matcher(e.promql());
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named).contains("clearhouse_ingest_recorded_amount_total", "clearhouse_kafka_dead_letters_total",
                "kafka_consumer_fetch_manager_records_lag", "http_server_requests_seconds_bucket");
        Awaitility.await("every named metric to be exported").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                    Set<String> exported = new TreeSet<>();
                    get("/api/v1/label/__name__/values").path("data").forEach(n -> exported.add(n.asString()));
                    Set<String> missing = new TreeSet<>(named);
                    missing.removeAll(exported);
                    missing.removeAll(ONLY_WITH_AN_EVENT.keySet());
                    assertThat(missing).as("metrics named by dashboards or alerts that no service exports").isEmpty();
                });
        // the consumer lag is per group and partition
        Awaitility.await("consumer lag of every group").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                    Set<String> groups = new TreeSet<>();
                    Set<String> topics = new TreeSet<>();
                    query("max by (group, topic, partition) (clearhouse:kafka_consumer_lag:records)").forEach(s -> {
                        groups.add(s.path("metric").path("group").asString());
                        topics.add(s.path("metric").path("topic").asString());
                    });
                    assertThat(groups).contains("ingest", "ingest-history", "settlement", "reporting");
                    assertThat(topics).contains(Topics.PROVIDER_TRANSACTIONS, Topics.LEDGER_TRANSACTIONS)
                            .allMatch(t -> !t.contains("_"));
                });
        // the SLO buckets are there
        assertThat(query("http_server_requests_seconds_bucket{service=\"gateway\",le=\"0.05\"}")).isNotEmpty();
    }

    @Test
    @Order(4)
    void aDeadLetterFiresItsAlertThroughAlertmanagerIntoTheWebhookReceiver() {
        Awaitility.await("DeadLetters delivered by Alertmanager").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(webhooks)
                        .anySatisfy(w -> assertThat(w).startsWith("/ops-desk ").contains("\"alertname\":\"DeadLetters\"")
                                .contains("provider.transactions.v1.DLT").contains("\"status\":\"firing\"")));
    }

    private record PromQl(String where, String promql) {
    }

    private static List<PromQl> expressions() throws Exception {
        Path ops = stack.config().home().resolve("ops");
        List<PromQl> out = new ArrayList<>();
        for (var e : PromQlSources.alertExpressions(ops.resolve("prometheus/alerts.yml"))) {
            out.add(new PromQl(e.where(), PromQlSources.withBoolComparisons(e.promql())));
        }
        for (Path d : PromQlSources.dashboards(ops.resolve("grafana/dashboards"))) {
            for (var e : PromQlSources.dashboardExpressions(d)) {
                String q = e.where().contains("/ variable ")
                        ? PromQlSources.variableQueryAsPromQl(e.promql()) : e.promql();
                out.add(new PromQl(e.where(), PromQlSources.substituteGrafana(q)));
            }
        }
        return out;
    }

    /** Each scrape target's health, last error and scrape duration: what a failure needs to be understood. */
    private static String targets() {
        try {
            List<String> t = new ArrayList<>();
            get("/api/v1/targets").path("data").path("activeTargets").forEach(a -> t.add(
                    a.path("labels").path("service").asString() + "=" + a.path("health").asString() + " ("
                            + a.path("lastScrapeDuration").asString() + " s" + (a.path("lastError").asString("").isEmpty()
                            ? "" : ", " + a.path("lastError").asString()) + ")"));
            return t.toString();
        } catch (Exception e) {
            return "unknown: " + e;
        }
    }

    private static JsonNode query(String promql) throws Exception {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asString())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.path("data").path("result");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(observability.settings().prometheusUrl()
                + path)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static void awaitCounted(String provider, long expected) {
        Awaitility.await("settlement to count " + provider).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    try (var c = stack.superuserConnection(); var st = c.createStatement();
                         var rs = st.executeQuery("SELECT coalesce(sum(bet_count + win_count + rollback_count), 0) "
                                 + "FROM settlement.aggregates WHERE provider_id = '" + provider + "'")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(expected);
                    }
                });
    }

    private static Map<String, Object> tx(String provider, String id, String type, String currency, String amount,
                                          String gameType, String brand) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("providerTxId", provider + "-" + id);
        tx.put("roundId", "round-" + provider + "-" + id);
        tx.put("playerRef", "p-obs");
        tx.put("brandId", brand);
        tx.put("gameId", "game-obs");
        tx.put("gameType", gameType);
        tx.put("type", type);
        tx.put("amount", amount);
        tx.put("currency", currency);
        tx.put("occurredAt", DAY.atTime(12, 0, Math.abs(id.hashCode()) % 60).toInstant(ZoneOffset.UTC).toString());
        return tx;
    }
}
