package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.bet;
import static io.clearhouse.ingest.TransactionMother.rollback;
import static io.clearhouse.ingest.TransactionMother.win;
import static io.clearhouse.ingest.TransactionMother.withAmount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.Http;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.IngestStack;
import io.clearhouse.ingest.IngestStackJson;
import io.clearhouse.ingest.TransactionMother;
import io.clearhouse.testsupport.TestHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class TransactionRecordingIT extends IngestIntegrationTest {

    @LocalServerPort
    int port;

    private static String provider(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String[] admin(String provider, String actor) {
        return Http.as("PUT", "/v1/ingest/providers/" + provider, actor, "ADMIN");
    }

    private JsonNode status(String provider, String id) throws Exception {
        return Http.getAs(port, "/v1/transactions/" + id + "?providerId=" + provider, "OPERATOR").body();
    }

    @Test
    void recordsOnceCountsDuplicatesKeepsConflictsAndReversesEachBetAtMostOnce() throws Exception {
        String p = provider("rec");
        TransactionReceived b1 = bet(p, "b1", "r1", 500);
        publish(List.of(b1, win(p, "w1", "r1", 900), b1, withAmount(b1, 777),
                rollback(p, "rb1", "r1", "b1", 500), rollback(p, "rb2", "r1", "b1", 500),
                rollback(p, "rbw", "r1", "w1", 900),
                rollback(p, "early", "r2", "b2", 300), bet(p, "b2", "r2", 300)));
        awaitConsumed();

        assertThat(status(p, "b1").get("status").asString()).isEqualTo("CONFLICT");
        assertThat(status(p, "b1").get("amountMinor").asLong()).isEqualTo(500);
        assertThat(status(p, "b1").get("duplicateDeliveries").asLong()).isEqualTo(1);
        assertThat(status(p, "b1").get("rolledBackBy").asString()).isEqualTo("rb1");
        assertThat(status(p, "rb1").get("status").asString()).isEqualTo("RECORDED");
        assertThat(status(p, "rb2").get("status").asString()).isEqualTo("REJECTED");
        assertThat(status(p, "rb2").get("reason").asString()).contains("already rolled back");
        assertThat(status(p, "rbw").get("reason").asString()).contains("only a BET can be rolled back; w1 is a WIN");
        assertThat(status(p, "early").get("status").asString()).isEqualTo("RECORDED");
        assertThat(status(p, "b2").get("rolledBackBy").asString()).isEqualTo("early");
        assertThat(status(p, "nothing").get("status").asString()).isEqualTo("PENDING");
        assertThat(status(p, "b1").get("settings").asString()).isEqualTo("DEFAULT");

        JsonNode row = null;
        for (JsonNode r : Http.getAs(port, "/v1/ingest/summary", "OPERATOR").body()) {
            if (r.get("providerId").asString().equals(p)) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("recorded").asLong()).isEqualTo(5);   // b1, w1, rb1, b2, early
        assertThat(row.get("duplicates").asLong()).isEqualTo(1);
        assertThat(row.get("conflicts").asLong()).isEqualTo(1);
        assertThat(row.get("rollbacks").asLong()).isEqualTo(2);
        assertThat(row.get("rollbacksEarly").asLong()).isEqualTo(1);
        assertThat(row.get("rejected").asLong()).isEqualTo(2);
        assertThat(row.get("settings").asString()).isEqualTo("DEFAULT");
        // one provider's part alone: the same figures, no other provider's row
        JsonNode own = Http.getAs(port, "/v1/ingest/summary?providerId=" + p, "OPERATOR").body();
        assertThat(own).hasSize(1);
        assertThat(own.get(0)).isEqualTo(row);
        Http.Answer tooLong = Http.getAs(port, "/v1/ingest/summary?providerId=" + "x".repeat(65), "OPERATOR");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("errors").get(0).get("field").asString()).isEqualTo("providerId");
        assertThat(sql("SELECT count(*) FROM ingest.conflicts WHERE provider_id = ? AND payload LIKE '%777%'", p))
                .containsExactly("1");

        // a conflicting delivery in another currency counts under the recorded original's currency
        publish(List.of(TransactionMother.withCurrency(bet(p, "b2", "r2", 300), "USD")));
        awaitConsumed();
        assertThat(SummaryRecount.answered(port, p)).containsExactly("EUR recorded=5 duplicates=1 conflicts=2 "
                + "rollbacks=2 rollbacksEarly=1 rollbacksWaiting=0 rejected=2 rollbacksExpired=0 adjustments=0")
                .isEqualTo(SummaryRecount.recounted(p));
    }

    @Test
    void republishesEveryRecordedTransactionOnTheLedgerTopicWithAStableIdAndReversedDate() throws Exception {
        String p = provider("outbox");
        publish(List.of(bet(p, "b1", "r1", 500), rollback(p, "rb1", "r1", "b1", 500), bet(p, "b1", "r1", 500)));
        awaitConsumed();
        List<ConsumerRecord<String, byte[]>> ledger = IngestStack.readAll(Topics.LEDGER_TRANSACTIONS,
                all -> all.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)).count() >= 2);
        List<JsonNode> mine = ledger.stream().map(r -> IngestStackJson.read(r.value()))
                .filter(n -> n.get("providerId").asString().equals(p)).toList();
        assertThat(mine).extracting(n -> n.get("providerTxId").asString()).containsExactly("b1", "rb1");
        JsonNode rb = mine.get(1);
        assertThat(rb.get("reversesBusinessDate").asString()).isEqualTo("2026-11-24");
        assertThat(rb.get("transactionId").asString())
                .isEqualTo(sql("SELECT transaction_id FROM ingest.transaction_keys WHERE provider_id = ? "
                        + "AND provider_tx_id = 'rb1'", p).get(0));
        assertThat(ledger.get(0).key()).isNotNull();
        await("the outbox to drain").atMost(Duration.ofSeconds(30))
                .until(() -> sql("SELECT count(*) FROM ingest.outbox").get(0).equals("0"));
    }

    @Test
    void eachRecordsTraceparentIsCarriedOntoTheLedgerAndHistoryEventsItProduces() throws Exception {
        String p = provider("trace");
        String traced = "4bf92f3577b34da6a3ce929d0e0e4736";
        String rejectedTrace = "0af7651916cd43dd8448eb211c80319c";
        IngestStack.publishTraced(bet(p, "b1", "r1", 500), "00-" + traced + "-00f067aa0ba902b7-01");
        IngestStack.publishTraced(TransactionMother.adjustment(p, "a-none", "r1", "missing", 1),
                "00-" + rejectedTrace + "-b7ad6b7169203331-01");
        publish(List.of(bet(p, "b2", "r1", 300)));
        awaitConsumed();

        // one batch may hold all three: each event carries its own record's trace, an untraced one none
        List<ConsumerRecord<String, byte[]>> ledger = IngestStack.readAll(Topics.LEDGER_TRANSACTIONS,
                all -> all.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)).count() >= 2);
        Map<String, String> ledgerTraces = new java.util.HashMap<>();
        ledger.stream().filter(r -> IngestStackJson.read(r.value()).get("providerId").asString().equals(p))
                .forEach(r -> ledgerTraces.put(IngestStackJson.read(r.value()).get("providerTxId").asString(),
                        traceId(header(r, "traceparent"))));
        assertThat(ledgerTraces).containsOnlyKeys("b1", "b2").containsEntry("b1", traced).containsEntry("b2", null);

        List<ConsumerRecord<String, byte[]>> history = IngestStack.readAll(Topics.TRANSACTION_HISTORY,
                all -> all.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)));
        assertThat(history.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)))
                .singleElement().satisfies(r -> {
                    assertThat(IngestStackJson.read(r.value()).get("action").asString())
                            .isEqualTo("EXCEPTION_REJECTED");
                    assertThat(traceId(header(r, "traceparent"))).isEqualTo(rejectedTrace);
                });
    }

    private static String traceId(String traceparent) {
        return traceparent == null ? null : traceparent.split("-")[1];
    }

    @Test
    void anAdjustmentIsPublishedWithTheTypeItCorrectsAndABadOneIsRejectedWithTheReason() throws Exception {
        String p = provider("adj");
        publish(List.of(bet(p, "b1", "r1", 500), win(p, "w1", "r1", 900),
                TransactionMother.adjustment(p, "recon-adj-1", "r1", "w1", -100),
                TransactionMother.adjustment(p, "recon-adj-2", "r1", "recon-adj-1", 100),
                TransactionMother.adjustment(p, "a-bet", "r1", "b1", 7),
                rollback(p, "rb1", "r1", "b1", 500),
                TransactionMother.adjustment(p, "a-rb", "r1", "rb1", 1),
                TransactionMother.adjustment(p, "a-none", "r1", "missing", 1)));
        awaitConsumed();
        List<ConsumerRecord<String, byte[]>> ledger = IngestStack.readAll(Topics.LEDGER_TRANSACTIONS,
                all -> all.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)).count() >= 6);
        List<String> events = ledger.stream().map(r -> IngestStackJson.read(r.value()))
                .filter(n -> n.get("providerId").asString().equals(p))
                .map(n -> n.get("providerTxId").asString() + " " + n.get("type").asString() + " "
                        + (n.get("adjustedType").isNull() ? "-" : n.get("adjustedType").asString()))
                .toList();
        assertThat(events).containsExactly("b1 BET -", "w1 WIN -", "recon-adj-1 ADJUSTMENT WIN",
                "recon-adj-2 ADJUSTMENT WIN", "a-bet ADJUSTMENT BET", "rb1 ROLLBACK -");
        assertThat(status(p, "recon-adj-2").get("adjustedType").asString()).isEqualTo("WIN");
        assertThat(status(p, "a-rb").get("status").asString()).isEqualTo("REJECTED");
        assertThat(status(p, "a-rb").get("reason").asString()).contains("rb1 is a ROLLBACK");
        assertThat(status(p, "a-none").get("reason").asString()).contains("missing is not known");
        assertThat(sql("SELECT provider_tx_id || ' ' || adjusted_type FROM ingest.ledger_view WHERE provider_id = ? "
                + "AND type = 'ADJUSTMENT' ORDER BY 1", p))
                .containsExactly("a-bet BET", "recon-adj-1 WIN", "recon-adj-2 WIN");
        List<String> adjusted = new java.util.ArrayList<>();
        Http.getAs(port, "/v1/transactions/w1/history?providerId=" + p, "OPERATOR").body().get("events").forEach(e -> {
            if (e.get("action").asString().equals("ADJUSTED")) {
                adjusted.add(e.get("detail").get("adjustmentProviderTxId").asString() + " "
                        + e.get("detail").get("amountMinor").asLong() + " " + e.get("detail").get("adjustedType").asString());
            }
        });
        assertThat(adjusted).containsExactly("recon-adj-1 -100 WIN");
        // the history's adjustments query has its index on every partition
        assertThat(sql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'ingest' AND tablename LIKE 'transactions_%' "
                + "AND indexdef LIKE '%(provider_id, ref_tx_id)%'").get(0)).isNotEqualTo("0");
        assertThat(sql("SELECT indexdef FROM pg_indexes WHERE schemaname = 'ingest' AND indexname = 'transactions_reference'"))
                .singleElement().satisfies(d -> assertThat(d).contains("(provider_id, ref_tx_id)"));
    }

    @Test
    void poisonMessagesGoToTheDltWithReasonAndCoordinatesAndThePartitionKeepsFlowing() throws Exception {
        String p = provider("dlt");
        TransactionReceived before = bet(p, "ok1", "r1", 100);
        TransactionReceived after = bet(p, "ok2", "r1", 200);
        int partition = 3;
        TransactionReceived badCurrency = new TransactionReceived(1, p, "bad-ccy", "r1", "pl", "b", "g",
                io.clearhouse.common.transaction.GameType.SLOT, TransactionType.BET, 100, "XXX",
                TransactionMother.DEFAULT_AT, null, false, null, null, null, null);
        IngestStack.publishRaw(Topics.PROVIDER_TRANSACTIONS, partition, before.key(), IngestStackJson.write(before));
        IngestStack.publishRaw(Topics.PROVIDER_TRANSACTIONS, partition, before.key(),
                ("{not json " + p).getBytes(StandardCharsets.UTF_8));
        IngestStack.publishRaw(Topics.PROVIDER_TRANSACTIONS, partition, before.key(), IngestStackJson.write(badCurrency));
        IngestStack.publishRaw(Topics.PROVIDER_TRANSACTIONS, partition, before.key(), IngestStackJson.write(after));
        awaitConsumed();

        assertThat(status(p, "ok1").get("status").asString()).isEqualTo("RECORDED");
        assertThat(status(p, "ok2").get("status").asString()).isEqualTo("RECORDED");
        List<ConsumerRecord<String, byte[]>> dlt = IngestStack.readAll(Topics.dlt(Topics.PROVIDER_TRANSACTIONS),
                all -> all.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)).count() >= 2);
        List<ConsumerRecord<String, byte[]>> mine = dlt.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)).toList();
        assertThat(mine).hasSize(2).allSatisfy(r -> {
            assertThat(r.partition()).isEqualTo(partition);
            assertThat(header(r, "kafka_dlt-exception-message")).isNotBlank();
            assertThat(header(r, "kafka_dlt-original-topic")).isEqualTo(Topics.PROVIDER_TRANSACTIONS);
            assertThat(r.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        });
        assertThat(header(mine.get(1), "kafka_dlt-exception-message")).contains("unknown currency XXX");
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void providerSettingsNeedAdminAndDecideBusinessDateAndUniqueness() throws Exception {
        String p = provider("seoul");
        Map<String, Object> body = Map.of("timeZone", "Asia/Seoul", "cutoffHour", 6,
                "uniquenessMode", "PROVIDER_TX_ID_PLAYER");
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, body).status()).as("no identity").isEqualTo(401);
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, body,
                Http.as("PUT", "/v1/ingest/providers/" + p, "olga", "OPERATOR")).status()).isEqualTo(403);
        Http.Answer bad = Http.put(port, "/v1/ingest/providers/" + p, Map.of("timeZone", "Mars/Base"),
                admin(p, "admin"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("timeZone");
        Http.Answer ok = Http.put(port, "/v1/ingest/providers/" + p, body, admin(p, "admin-alice"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("source").asString()).isEqualTo("CONFIGURED");
        assertThat(Http.getAs(port, "/v1/ingest/providers/unknown-" + p, "OPERATOR").body().get("source").asString())
                .isEqualTo("DEFAULT");

        Instant at = Instant.parse("2026-11-24T20:30:00Z");   // 05:30 on the 25th in Seoul, before cut-off
        publish(List.of(TransactionMother.tx(p, "same-id", "r1", TransactionType.BET, 100, null, "alice", at),
                TransactionMother.tx(p, "same-id", "r2", TransactionType.BET, 200, null, "bob", at)));
        awaitConsumed();
        assertThat(sql("SELECT business_date || ' ' || amount_minor FROM ingest.transactions WHERE provider_id = ? "
                + "ORDER BY amount_minor", p)).containsExactly("2026-11-24 100", "2026-11-24 200");
        assertThat(Http.getAs(port, "/v1/transactions/same-id?providerId=" + p + "&playerRef=bob", "AUDITOR").body()
                .get("amountMinor").asLong()).isEqualTo(200);
        assertThat(Http.getAs(port, "/v1/transactions/same-id?providerId=" + p, "AUDITOR").status()).isEqualTo(400);
        assertThat(sql("SELECT actor FROM ingest.audit_log WHERE entity_id = ?", p)).containsExactly("admin-alice");
    }

    @Test
    void aProviderReadsTheStatusAndHistoryOfItsOwnTransactionsOnly() throws Exception {
        String p = provider("own");
        publish(List.of(bet(p, "b1", "r1", 500)));
        awaitConsumed();
        for (String path : List.of("/v1/transactions/b1", "/v1/transactions/b1/history")) {
            Http.Answer own = Http.get(port, path + "?providerId=" + p, Http.asProvider("GET", path + "?providerId=" + p, p));
            assertThat(own.status()).as(path).isEqualTo(200);
            assertThat(own.body().get("providerId").asString()).isEqualTo(p);
            Http.Answer other = Http.get(port, path + "?providerId=" + p, Http.asProvider("GET", path + "?providerId=" + p,
                    "other-" + p));
            assertThat(other.status()).as(path + " of another provider").isEqualTo(403);
            assertThat(Http.get(port, path + "?providerId=" + p).status()).as(path + " without identity")
                    .isEqualTo(401);
        }
        assertThat(Http.get(port, "/v1/ingest/summary", Http.asProvider("GET", "/v1/ingest/summary", p)).status())
                .isEqualTo(403);
    }

    @Test
    void aPartialSettingsChangeKeepsTheOtherFieldsAndTheUniquenessModeIsFixedOnceTransactionsExist() throws Exception {
        String p = provider("settings");
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, Map.of("timeZone", "Asia/Seoul", "cutoffHour", 6,
                "uniquenessMode", "PROVIDER_TX_ID_PLAYER"), admin(p, "admin")).status()).isEqualTo(200);
        // before any transaction the mode may still change
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, Map.of("uniquenessMode", "PROVIDER_TX_ID"),
                admin(p, "admin")).body().get("uniquenessMode").asString()).isEqualTo("PROVIDER_TX_ID");
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, Map.of("uniquenessMode", "PROVIDER_TX_ID_PLAYER"),
                admin(p, "admin")).status()).isEqualTo(200);
        publish(List.of(bet(p, "b1", "r1", 100)));
        awaitConsumed();

        Http.Answer refused = Http.put(port, "/v1/ingest/providers/" + p, Map.of("uniquenessMode", "PROVIDER_TX_ID"),
                admin(p, "admin"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("uniquenessMode");
        assertThat(refused.body().get("detail").asString()).contains("recorded a second time");

        Http.Answer partial = Http.put(port, "/v1/ingest/providers/" + p, Map.of("rollbackWait", "PT5M"),
                admin(p, "admin"));
        assertThat(partial.status()).isEqualTo(200);
        JsonNode now = Http.getAs(port, "/v1/ingest/providers/" + p, "ADMIN").body();
        assertThat(now.get("timeZone").asString()).isEqualTo("Asia/Seoul");
        assertThat(now.get("cutoffHour").asInt()).isEqualTo(6);
        assertThat(now.get("uniquenessMode").asString()).isEqualTo("PROVIDER_TX_ID_PLAYER");
        assertThat(now.get("rollbackWait").asString()).isEqualTo("PT5M");
        // the same mode again is no change, and an unconfigured provider with transactions cannot switch either
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, Map.of("uniquenessMode", "PROVIDER_TX_ID_PLAYER"),
                admin(p, "admin")).status()).isEqualTo(200);
        String unconfigured = provider("unconf");
        publish(List.of(bet(unconfigured, "b1", "r1", 100)));
        awaitConsumed();
        assertThat(Http.put(port, "/v1/ingest/providers/" + unconfigured,
                Map.of("uniquenessMode", "PROVIDER_TX_ID_PLAYER"), admin(unconfigured, "admin")).status()).isEqualTo(409);
        assertThat(Http.put(port, "/v1/ingest/providers/" + unconfigured, Map.of("cutoffHour", 2),
                admin(unconfigured, "admin")).body().get("uniquenessMode").asString()).isEqualTo("PROVIDER_TX_ID");
    }

    @Test
    void aRollbackWhoseBetNeverComesExpiresIntoAnExceptionAndALateBetStaysUnreversed() throws Exception {
        String p = provider("expiry");
        // long enough that the status read right after consumption still finds the rollback parked on a
        // loaded machine (with PT1S the sweep sometimes expired it first), short enough to wait for
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, Map.of("rollbackWait", "PT10S"),
                admin(p, "admin")).status()).isEqualTo(200);
        publish(List.of(rollback(p, "rb1", "r1", "b1", 500)));
        awaitConsumed();
        assertThat(status(p, "rb1").get("status").asString()).isEqualTo("PENDING");
        assertThat(SummaryRecount.answered(port, p)).containsExactly("EUR recorded=0 duplicates=0 conflicts=0 "
                + "rollbacks=0 rollbacksEarly=1 rollbacksWaiting=1 rejected=0 rollbacksExpired=0 adjustments=0");
        await("the parked rollback to expire").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "REJECTED".equals(status(p, "rb1").get("status").asString()));
        assertThat(SummaryRecount.answered(port, p)).containsExactly("EUR recorded=0 duplicates=0 conflicts=0 "
                + "rollbacks=0 rollbacksEarly=1 rollbacksWaiting=0 rejected=0 rollbacksExpired=1 adjustments=0");
        assertThat(status(p, "rb1").get("reason").asString()).contains("no BET b1 arrived");
        publish(List.of(bet(p, "b1", "r1", 500)));
        awaitConsumed();
        assertThat(status(p, "b1").has("rolledBackBy")).isFalse();
        await("the expiry exception to reach the history").atMost(Duration.ofSeconds(30))
                .until(() -> !sql("SELECT action FROM ingest.history_events WHERE provider_id = ? "
                        + "AND action = 'EXCEPTION_ROLLBACK_EXPIRED'", p).isEmpty());
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rowsOutsideThePartitionHorizonLandInTheDefaultAndMoveWhenTheirDayGetsAPartition() throws Exception {
        String p = provider("old");
        Instant longAgo = Instant.parse("2019-03-04T10:00:00Z");   // beyond the 400-day horizon
        publish(List.of(TransactionMother.tx(p, "old1", "r1", TransactionType.BET, 100, null, "pl", longAgo)));
        awaitConsumed();
        assertThat(sql("SELECT tableoid::regclass::text FROM ingest.transactions WHERE provider_id = ?", p))
                .containsExactly("ingest.transactions_default");
        // the service's own role creates the partition through the owner's function, rows move with it
        assertThat(jdbc.queryForObject("SELECT ensure_transaction_partition(DATE '2019-03-04')", Boolean.class)).isTrue();
        assertThat(sql("SELECT tableoid::regclass::text FROM ingest.transactions WHERE provider_id = ?", p))
                .containsExactly("ingest.transactions_20190304");
        assertThat(Http.getAs(port, "/v1/audit/verify", "AUDITOR").body().get("intact").asBoolean()).isTrue();
    }

    private double conflictExceptions() throws Exception {
        String metrics = TestHttp.client().send(TestHttp.request(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("clearhouse_ingest_exceptions_total\\{[^}]*kind=\"conflict\"[^}]*} ([0-9.eE+]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void conflictsAreRaisedAsExceptionsInTheMetricsAndTheHistory() throws Exception {
        String p = provider("metric");
        awaitConsumed(); // what earlier tests published is counted before the baseline is read
        double before = conflictExceptions();
        publish(List.of(bet(p, "b1", "r1", 500), bet(p, "b1", "r1", 501), bet(p, "b1", "r1", 502)));
        awaitConsumed();
        // counted after the batch commits, so possibly just after its stored offset is visible
        await("the conflicts counted").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(conflictExceptions() - before).isEqualTo(2.0));
        await("the conflict exceptions to reach the history").atMost(Duration.ofSeconds(30))
                .until(() -> sql("SELECT count(*) FROM ingest.history_events WHERE provider_id = ? "
                        + "AND provider_tx_id = 'b1' AND action = 'EXCEPTION_CONFLICT'", p).get(0).equals("2"));
        JsonNode events = Http.getAs(port, "/v1/transactions/b1/history?providerId=" + p, "AUDITOR").body().get("events");
        List<JsonNode> exceptions = new java.util.ArrayList<>();
        events.forEach(e -> {
            if (e.get("action").asString().equals("EXCEPTION_CONFLICT")) {
                exceptions.add(e);
            }
        });
        assertThat(exceptions).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("detail").get("originalHash").asString()).isEqualTo(bet(p, "b1", "r1", 500).contentHash());
            assertThat(e.get("detail").get("reason").asString()).contains("the original stands");
        });
    }

    private Http.Answer conflicts(String query, String roles) throws Exception {
        return Http.get(port, "/v1/ingest/conflicts" + query, Http.as("GET", "/v1/ingest/conflicts" + query, "op", roles));
    }

    @Test
    void operatorsPageThroughConflictsByProviderAndTime() throws Exception {
        String p = provider("conflicts");
        TransactionReceived b1 = bet(p, "b1", "r1", 500);
        Instant start = Instant.now().minusSeconds(1);
        publish(List.of(b1, withAmount(b1, 501), withAmount(b1, 502), bet(p, "b2", "r2", 1), bet(p, "b2", "r2", 2)));
        awaitConsumed();

        Http.Answer all = conflicts("?providerId=" + p, "OPERATOR");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().get("items")).hasSize(3);
        assertThat(all.body().get("nextCursor").isNull()).isTrue();
        JsonNode first = null;   // b1 and b2 are on different partitions: their batches commit in either order
        for (JsonNode i : all.body().get("items")) {
            if (first == null && i.get("providerTxId").asString().equals("b1")) {
                first = i;
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.get("originalHash").asString()).isEqualTo(b1.contentHash());
        assertThat(first.get("conflictingHash").asString()).isEqualTo(withAmount(b1, 501).contentHash());
        assertThat(first.get("recordedAt").asString()).isNotBlank();

        List<String> paged = new java.util.ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 5; page++) {
            JsonNode body = conflicts("?providerId=" + p + "&size=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    "AUDITOR").body();
            body.get("items").forEach(i -> paged.add(i.get("conflictingHash").asString()));
            if (body.get("nextCursor").isNull()) {
                break;
            }
            cursor = body.get("nextCursor").asString();
        }
        List<String> unpaged = new java.util.ArrayList<>();
        all.body().get("items").forEach(i -> unpaged.add(i.get("conflictingHash").asString()));
        assertThat(paged).isEqualTo(unpaged);

        assertThat(conflicts("?providerId=" + p + "&from=" + start, "OPERATOR").body().get("items")).hasSize(3);
        assertThat(conflicts("?providerId=" + p + "&to=" + start, "OPERATOR").body().get("items")).isEmpty();
        assertThat(conflicts("?providerId=other-" + p, "OPERATOR").body().get("items")).isEmpty();

        Http.Answer tooBig = conflicts("?size=501", "OPERATOR");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.body().get("errors").get(0).get("field").asString()).isEqualTo("size");
        assertThat(conflicts("?from=yesterday", "OPERATOR").body().get("errors").get(0).get("field").asString())
                .isEqualTo("from");
        assertThat(conflicts("", "PROVIDER").status()).isEqualTo(403);
        assertThat(Http.get(port, "/v1/ingest/conflicts").status()).as("no identity").isEqualTo(401);
    }

    @Test
    void historyShowsIngestsStepsAndOtherServicesEventsOncePerEventId() throws Exception {
        String p = provider("hist");
        publish(List.of(bet(p, "b1", "r1", 500), bet(p, "b1", "r1", 500), rollback(p, "rb1", "r1", "b1", 500)));
        awaitConsumed();
        TransactionHistoryEvent settled = new TransactionHistoryEvent(1, "settlement:" + p + ":b1", p, "b1",
                "settlement", "SETTLED", "settlement-service", Instant.now(), Map.of("statementId", "st-1"));
        for (int i = 0; i < 2; i++) {
            IngestStack.publishRaw(Topics.TRANSACTION_HISTORY, 0, settled.key(), IngestStackJson.write(settled));
        }
        await("the settlement event").atMost(Duration.ofSeconds(30)).until(() -> !sql(
                "SELECT 1 FROM ingest.history_events WHERE event_id = ?", settled.eventId()).isEmpty());
        JsonNode events = Http.getAs(port, "/v1/transactions/b1/history?providerId=" + p, "AUDITOR").body().get("events");
        List<String> actions = new java.util.ArrayList<>();
        events.forEach(e -> actions.add(e.get("action").asString()));
        assertThat(actions).containsSubsequence("RECEIVED", "RECORDED", "DUPLICATE", "ROLLED_BACK", "SETTLED");
        assertThat(actions).filteredOn("SETTLED"::equals).hasSize(1);
    }
}
