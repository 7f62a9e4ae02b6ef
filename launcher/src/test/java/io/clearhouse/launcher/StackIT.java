package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.launcher.demo.GatewayClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as a user runs it: real PostgreSQL and Kafka as child processes, the five
 * services from their jars, transactions over HTTP through the gateway, rows in PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {

    private static Stack stack;
    private static GatewayClient gateway;

    @BeforeAll
    static void start() {
        stack = RunningStack.get();
        gateway = new GatewayClient(stack.config().serviceUrl("gateway"), stack.config().dataDir());
    }

    @Test
    @Order(1)
    void everyServiceIsReadyAndExposesPrometheusMetrics() throws Exception {
        for (String service : StackConfig.SERVICES) {
            String url = stack.config().serviceUrl(service);
            assertThat(Health.ready(url)).as(service + " ready").isTrue();
            var prometheus = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/actuator/prometheus")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(prometheus.statusCode()).as(service + " prometheus").isEqualTo(200);
            assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    @Order(2)
    void aBatchPostedThroughTheGatewayEndsUpAsRowsAndARepostAddsNone() throws Exception {
        String provider = "stack-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(bet(provider + "-tx-" + i, i % 2 == 0 ? "USD" : "KRW", i % 2 == 0 ? "12.50" : "15000"));
        }
        GatewayClient.Answer first = gateway.postBatch(provider, batch);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("receipts")).hasSize(50);
        awaitRows(provider, 50);

        GatewayClient.Answer again = gateway.postBatch(provider, batch);
        assertThat(again.status()).isEqualTo(202);
        awaitDuplicates(provider, 50);
        assertThat(count("SELECT count(*) FROM ingest.transactions WHERE provider_id = '" + provider + "'"))
                .isEqualTo(50);
        assertThat(count("SELECT sum(amount_minor) FROM ingest.transactions WHERE provider_id = '" + provider
                + "' AND currency = 'USD'")).isEqualTo(25 * 1250);
    }

    @Test
    @Order(3)
    void aMalformedBatchIsRefusedWithFieldErrorsAndPublishesNothing() throws Exception {
        long before = endOffsets();
        String provider = "stack-it-bad";
        Map<String, Object> unknownField = bet(provider + "-1", "USD", "1.00");
        unknownField.put("providerId", "someone-else");
        Map<String, Object> badScale = bet(provider + "-2", "JPY", "10.5");
        Map<String, Object> badCurrency = bet(provider + "-3", "XYZ", "1.00");
        Map<String, Object> missing = bet(provider + "-4", "USD", "1.00");
        missing.remove("roundId");
        Map<String, Object> good = bet(provider + "-5", "USD", "1.00");

        GatewayClient.Answer answer = gateway.postBatch(provider,
                List.of(unknownField, badScale, badCurrency, missing, good));

        assertThat(answer.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("[0].providerId", "[1].amount", "[2].currency", "[3].roundId");
        assertThat(answer.body().get("type").asString()).startsWith("https://clearhouse.io/problems/");
        TimeUnit.SECONDS.sleep(1);
        assertThat(endOffsets()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void theAuditLogOfEveryServiceRefusesUpdateAndDeleteToItsRolesAndEvenItsOwner() throws Exception {
        for (String schema : List.of("gateway", "ingest", "settlement", "reconciliation", "reporting")) {
            for (String dml : List.of("UPDATE " + schema + ".audit_log SET actor = 'x'",
                    "DELETE FROM " + schema + ".audit_log", "TRUNCATE " + schema + ".audit_log")) {
                // the owner may bypass grants, but not the trigger
                assertThat(refusal(schema + "_owner", schema, dml)).as(dml).contains("append-only");
                // the service's runtime role holds INSERT and SELECT only
                assertThat(refusal(schema + "_app", schema, dml)).as(dml).contains("permission denied");
            }
        }
    }

    /** Runs {@code dml} as {@code role} on an audit log holding one row; returns the error, rolls back. */
    private static String refusal(String role, String schema, String dml) throws Exception {
        try (Connection c = stack.superuserConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("INSERT INTO " + schema + ".audit_log (seq, occurred_at, actor, action, entity_type, "
                        + "entity_id, prev_hash, hash) VALUES (-1, now(), 'test', 'PROBE', 'probe', 'probe', "
                        + "repeat('0', 64), repeat('f', 64))");
                st.execute("SET LOCAL ROLE " + role);
                st.execute(dml);
                return "allowed";
            } catch (java.sql.SQLException e) {
                return e.getMessage();
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    @Order(99)
    void stoppingLeavesNoProcessBehind() throws Exception {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        assertThat(children).isNotEmpty();
        int pgPort = stack.config().postgresPort();
        stack.close();
        for (ProcessHandle child : children) {
            child.onExit().get(60, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("pid " + child.pid()).isFalse();
        }
        assertThat(Stack.portFree(pgPort)).as("PostgreSQL stopped").isTrue();
        assertThat(Stack.runningPid(stack.config())).isEmpty();
    }

    private static Map<String, Object> bet(String id, String currency, String amount) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("providerTxId", id);
        tx.put("roundId", "round-" + id);
        tx.put("playerRef", "p-77");
        tx.put("brandId", "brand-it");
        tx.put("gameId", "game-it");
        tx.put("gameType", "SLOT");
        tx.put("type", "BET");
        tx.put("amount", amount);
        tx.put("currency", currency);
        tx.put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        return tx;
    }

    private static void awaitRows(String provider, long expected) throws Exception {
        await("SELECT count(*) FROM ingest.transactions WHERE provider_id = '" + provider + "'", expected);
    }

    private static void awaitDuplicates(String provider, long expected) throws Exception {
        await("SELECT count(*) FROM ingest.duplicates WHERE provider_id = '" + provider + "'", expected);
    }

    private static void await(String sql, long expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        long seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = count(sql);
            if (seen >= expected) {
                assertThat(seen).isEqualTo(expected);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("expected " + expected + " but saw " + seen + " for " + sql);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = stack.superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long endOffsets() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            for (int i = 0; i < Topics.TRANSACTION_PARTITIONS; i++) {
                request.put(new TopicPartition(Topics.PROVIDER_TRANSACTIONS, i), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

}
