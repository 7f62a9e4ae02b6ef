package io.clearhouse.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakClass;
import io.clearhouse.common.reconciliation.BreakOpened;
import io.clearhouse.common.reconciliation.BreakResolved;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.reconciliation.alert.BreakAlertMonitor;
import io.clearhouse.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ExceptionWorkflowIT extends ReconciliationITBase {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @Autowired
    AuditChainVerifier auditChain;

    @Autowired
    BreakAlertMonitor alerts;

    @Autowired
    io.clearhouse.reconciliation.alert.WebhookNotifier notifier;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void theServiceRunsAsItsAppRoleWhichMayWriteAndDeleteOutboxRowsOnly() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("reconciliation_app");
        // the shared relay serialises on an advisory lock and deletes what Kafka acknowledged: no row locks
        assertThat(jdbc.queryForObject("SELECT has_table_privilege('reconciliation.outbox', 'DELETE')",
                Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT has_table_privilege('reconciliation.outbox', 'UPDATE')",
                Boolean.class)).isFalse();
        assertThat(jdbc.queryForObject("SELECT has_table_privilege('reconciliation.audit_log', 'UPDATE')",
                Boolean.class)).isFalse();
    }

    @Test
    void acceptProviderPublishesOneAdjustmentThroughIngestsTopicEvenWhenRepeated() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 21);
        Ledger.record(day.recorded);
        long internal = day.line("tx-1").amountMinor;
        day.line("tx-1").amountMinor = internal + 250;
        long exceptionId = reconcileAndFind(provider, day, "AMOUNT_MISMATCH");

        Answer resolved = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER", "note", "provider's figure confirmed"), As.operator());
        assertThat(resolved.status()).as(String.valueOf(resolved.body())).isEqualTo(200);
        assertThat(resolved.body().get("status").asString()).isEqualTo("RESOLVED");
        String adjustmentId = "recon-adj-" + exceptionId;
        assertThat(resolved.body().get("adjustmentTxId").asString()).isEqualTo(adjustmentId);

        TransactionReceived adjustment = JSON.readValue(awaitRecord(Topics.PROVIDER_TRANSACTIONS,
                v -> v.contains("\"" + adjustmentId + "\"")).value(), TransactionReceived.class);
        assertThat(adjustment.type()).isEqualTo(TransactionType.ADJUSTMENT);
        assertThat(adjustment.providerId()).isEqualTo(provider);
        assertThat(adjustment.refTxId()).isEqualTo("tx-1");
        assertThat(adjustment.amountMinor()).isEqualTo(250);
        assertThat(adjustment.currency()).isEqualTo(day.line("tx-1").currency);

        // the action is on the transaction's history
        JsonNode history = JSON.readTree(awaitRecord(Topics.TRANSACTION_HISTORY,
                v -> v.contains("\"recon:exception:" + exceptionId + ":RESOLVED")).value());
        TransactionHistoryEvent event = JSON.treeToValue(history, TransactionHistoryEvent.class);
        assertThat(event.providerTxId()).isEqualTo("tx-1");
        assertThat(event.actor()).isEqualTo("olga.operator");
        assertThat(event.detail()).containsEntry("adjustmentTxId", adjustmentId);

        // the run announced the break on recon.breaks.v1 and on the transaction's history, in the records' shapes
        BreakOpened opened = JSON.readValue(awaitRecord(Topics.RECON_BREAKS,
                v -> v.contains("\"recon:break:" + exceptionId + ":OPENED\"")).value(), BreakOpened.class);
        assertThat(opened.breakClass()).isEqualTo(BreakClass.AMOUNT_MISMATCH);
        assertThat(opened.amountMinor()).isEqualTo(250);
        assertThat(opened.businessDate()).isEqualTo(DAY);
        TransactionHistoryEvent openedHistory = JSON.readValue(awaitRecord(Topics.TRANSACTION_HISTORY,
                v -> v.contains("\"recon:break:" + exceptionId + ":OPENED\"")).value(), TransactionHistoryEvent.class);
        assertThat(openedHistory.action()).isEqualTo("BREAK_OPENED");
        assertThat(openedHistory.occurredAt()).isNotNull();
        assertThat(openedHistory.detail()).containsEntry("class", "AMOUNT_MISMATCH").containsEntry("amountMinor", "250");
        BreakResolved resolvedEvent = JSON.readValue(awaitRecord(Topics.RECON_BREAKS,
                v -> v.contains("\"recon:exception:" + exceptionId + ":RESOLVED")).value(), BreakResolved.class);
        assertThat(resolvedEvent.resolution()).isEqualTo("ACCEPT_PROVIDER");
        assertThat(resolvedEvent.adjustmentTxId()).isEqualTo(adjustmentId);

        // reopening reverses the posted adjustment; accepting again posts anew under its own id
        Answer reopened = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "REOPEN", "note", "double-check"), As.operator());
        assertThat(reopened.body().get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.body().get("adjustmentTxId").isNull()).isTrue();
        TransactionReceived reversal = posted("recon-rev-" + exceptionId + "-1");
        assertThat(reversal.type()).isEqualTo(TransactionType.ADJUSTMENT);
        assertThat(reversal.amountMinor()).isEqualTo(-250);
        assertThat(reversal.refTxId()).isEqualTo(adjustmentId);
        assertThat(reversal.key()).isEqualTo(adjustment.key()); // same partition: ingest sees it after the adjustment
        Answer again = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("adjustmentTxId").asString()).isEqualTo(adjustmentId + "-2");
        TransactionReceived second = posted(adjustmentId + "-2");
        assertThat(second.amountMinor()).isEqualTo(250);
        assertThat(second.refTxId()).isEqualTo("tx-1");
        // the first adjustment was posted once, not again by the second acceptance
        assertThat(posted(adjustmentId).contentHash()).isEqualTo(adjustment.contentHash());

        assertThat(count("SELECT count(*) FROM reconciliation.audit_log WHERE entity_type = 'exception'"
                + " AND entity_id = ?", Long.toString(exceptionId))).isEqualTo(3);
        assertThat(auditChain.verify().intact()).isTrue();
    }

    @Test
    void acceptingAMissingProviderBreakPostsMinusTheInternalAmountAgainstTheInternalTransaction() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 31);
        Ledger.record(day.recorded);
        long internal = day.line("tx-4").amountMinor;
        day.lines.removeIf(l -> l.providerTxId.equals("tx-4"));
        long exceptionId = reconcileAndFind(provider, day, "MISSING_PROVIDER");

        Answer resolved = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator());
        assertThat(resolved.status()).as(String.valueOf(resolved.body())).isEqualTo(200);
        TransactionReceived adjustment = posted("recon-adj-" + exceptionId);
        assertThat(adjustment.type()).isEqualTo(TransactionType.ADJUSTMENT);
        assertThat(adjustment.amountMinor()).isEqualTo(-internal);
        assertThat(adjustment.refTxId()).isEqualTo("tx-4");
        assertThat(adjustment.roundId()).isEqualTo("round-tx-4");
    }

    @Test
    void acceptingAMissingInternalBreakPostsTheProvidersTransactionItselfAndReopenReversesIt() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 32);
        Ledger.record(day.recorded);
        DayFixture.Line extra = day.line("tx-2").copy();
        extra.providerTxId = "only-provider-knows";
        day.lines.add(extra);
        long exceptionId = reconcileAndFind(provider, day, "MISSING_INTERNAL");

        Answer resolved = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator());
        assertThat(resolved.status()).as(String.valueOf(resolved.body())).isEqualTo(200);
        assertThat(resolved.body().get("adjustmentTxId").asString()).isEqualTo("only-provider-knows");
        TransactionReceived tx = posted("only-provider-knows");
        assertThat(tx.type().name()).isEqualTo(extra.type);
        assertThat(tx.amountMinor()).isEqualTo(extra.amountMinor);
        assertThat(tx.currency()).isEqualTo(extra.currency);
        assertThat(tx.occurredAt()).isEqualTo(extra.occurredAt);
        assertThat(tx.refTxId()).isNull();

        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "REOPEN"), As.operator()).status()).isEqualTo(200);
        TransactionReceived reversal = posted("recon-rev-" + exceptionId + "-1");
        assertThat(reversal.type()).isEqualTo(TransactionType.ADJUSTMENT);
        assertThat(reversal.amountMinor()).isEqualTo(-extra.amountMinor);
        assertThat(reversal.refTxId()).isEqualTo("only-provider-knows");
        assertThat(reversal.key()).isEqualTo(tx.key());

        // the transaction cannot be posted twice: a later acceptance restores it with an adjustment
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator()).status()).isEqualTo(200);
        TransactionReceived restore = posted("recon-adj-" + exceptionId + "-2");
        assertThat(restore.type()).isEqualTo(TransactionType.ADJUSTMENT);
        assertThat(restore.amountMinor()).isEqualTo(extra.amountMinor);
        assertThat(restore.refTxId()).isEqualTo("only-provider-knows");
    }

    @Test
    void aMissingInternalLineWithoutATimeCannotBeAcceptedAsTheProvidersTransaction() throws Exception {
        String provider = newProvider();
        String jsonl = "{\"providerTxId\":\"no-time\",\"type\":\"BET\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                + "\"businessDate\":\"" + DAY + "\"}\n";
        Answer up = upload(provider, As.operator(), "application/x-ndjson", jsonl.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        awaitRun(up.body().get("runId").asLong());
        long exceptionId = get("/v1/reconciliation/exceptions?providerId=" + provider + "&class=MISSING_INTERNAL",
                As.operator()).body().get("items").get(0).get("id").asLong();

        Answer refused = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_PROVIDER"), As.operator());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("occurredAt");
        assertThat(get("/v1/reconciliation/exceptions/" + exceptionId, As.operator()).body().get("exception")
                .get("status").asString()).isEqualTo("OPEN");
        assertThat(count("SELECT count(*) FROM reconciliation.outbox WHERE topic = ? AND payload LIKE ?",
                Topics.PROVIDER_TRANSACTIONS, "%no-time%")).isZero();
    }

    @Test
    void aLargeWriteOffNeedsApprovalByAnotherFinancePerson() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 22);
        day.recorded.replaceAll(t -> !t.providerTxId().equals("tx-3") ? t : new Ledger.Tx(t.providerId(),
                t.providerTxId(), t.type(), 500_000, t.currency(), t.occurredAt(), t.businessDate()));
        Ledger.record(day.recorded);
        day.lines.removeIf(l -> l.providerTxId.equals("tx-3"));
        long exceptionId = reconcileAndFind(provider, day, "MISSING_PROVIDER");
        long amount = get("/v1/reconciliation/exceptions/" + exceptionId, As.operator()).body().get("exception")
                .get("amountMinor").asLong();
        assertThat(amount).isGreaterThan(1000); // above the approval threshold of this test context

        Answer assigned = post("/v1/reconciliation/exceptions/" + exceptionId + "/assign",
                Map.of("assignee", "fred.finance"), As.operator());
        assertThat(assigned.body().get("assignee").asString()).isEqualTo("fred.finance");
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/comments",
                Map.of("text", "provider lost it in their export"), As.finance("fred.finance")).status())
                .isEqualTo(200);

        Answer writeOff = post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "WRITE_OFF", "note", "not worth chasing"), As.operator("olga.operator"));
        assertThat(writeOff.body().get("status").asString()).isEqualTo("PENDING_APPROVAL");

        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/approval", Map.of("approved", true),
                As.operator("olga.operator")).status()).isEqualTo(403);
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/approval", Map.of("approved", true),
                new As("olga.operator", "OPERATOR,FINANCE", null)).status()).isEqualTo(403);
        Answer approved = post("/v1/reconciliation/exceptions/" + exceptionId + "/approval",
                Map.of("approved", true, "note", "ok"), As.finance("fred.finance"));
        assertThat(approved.status()).as(String.valueOf(approved.body())).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(approved.body().get("resolution").asString()).isEqualTo("WRITE_OFF");

        JsonNode detail = get("/v1/reconciliation/exceptions/" + exceptionId, As.operator()).body();
        assertThat(detail.get("comments").get(0).get("actor").asString()).isEqualTo("fred.finance");
        // an illegal move is a conflict, not a silent change
        assertThat(post("/v1/reconciliation/exceptions/" + exceptionId + "/resolve",
                Map.of("resolution", "ACCEPT_INTERNAL"), As.operator()).status()).isEqualTo(409);
    }

    @Test
    void acceptingALineThatBreaksTheTransactionRulesIsRefusedNamingTheFieldAndPostsNothing() throws Exception {
        String provider = newProvider();
        String jsonl = "{\"providerTxId\":\"neg-win\",\"type\":\"WIN\",\"amount\":\"-5.00\",\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n"
                + "{\"providerTxId\":\"has space\",\"type\":\"BET\",\"amount\":\"5.00\",\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n";
        Answer up = upload(provider, As.operator(), "application/x-ndjson",
                jsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        awaitRun(up.body().get("runId").asLong());
        JsonNode items = get("/v1/reconciliation/exceptions?providerId=" + provider + "&class=MISSING_INTERNAL",
                As.operator()).body().get("items");
        assertThat(items.size()).isEqualTo(2);
        for (JsonNode item : items) {
            long id = item.get("id").asLong();
            String txId = item.get("providerTxId").asString();
            Answer refused = post("/v1/reconciliation/exceptions/" + id + "/resolve",
                    Map.of("resolution", "ACCEPT_PROVIDER", "note", "trust them"), As.operator());
            assertThat(refused.status()).as(txId + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.body().get("errors").get(0).get("field").asString())
                    .isEqualTo(txId.equals("neg-win") ? "amount" : "providerTxId");
            JsonNode after = get("/v1/reconciliation/exceptions/" + id, As.operator()).body().get("exception");
            assertThat(after.get("status").asString()).isEqualTo("OPEN");
            assertThat(after.get("adjustmentTxId").isNull()).isTrue();
            assertThat(count("SELECT count(*) FROM reconciliation.outbox WHERE topic = ? AND payload LIKE ?",
                    Topics.PROVIDER_TRANSACTIONS, "%\"providerId\":\"" + provider + "\"%")).isZero();
            assertThat(count("SELECT count(*) FROM reconciliation.audit_log WHERE entity_type = 'exception'"
                    + " AND entity_id = ?", Long.toString(id))).isZero();
        }
    }

    @Test
    void acceptProviderAboveTheThresholdWaitsForAFinanceApprovalByAnotherPersonAndPostsOnlyThen() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 41);
        Ledger.record(day.recorded);
        day.line("tx-1").amountMinor += 200_000; // 2,000.00 EUR more: above the 1,000 EUR of this test context
        long exceptionId = reconcileAndFind(provider, day, "AMOUNT_MISMATCH");
        String path = "/v1/reconciliation/exceptions/" + exceptionId;

        Answer proposed = post(path + "/resolve", Map.of("resolution", "ACCEPT_PROVIDER", "note", "their stake is right"),
                As.operator("olga.operator"));
        assertThat(proposed.status()).as(String.valueOf(proposed.body())).isEqualTo(200);
        assertThat(proposed.body().get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(proposed.body().get("resolution").asString()).isEqualTo("ACCEPT_PROVIDER");
        assertThat(proposed.body().get("adjustmentTxId").isNull()).isTrue();

        assertThat(post(path + "/approval", Map.of("approved", true, "note", "mine"),
                new As("olga.operator", "OPERATOR,FINANCE", null)).status()).isEqualTo(403);
        Answer approved = post(path + "/approval", Map.of("approved", true, "note", "checked the provider's report"),
                As.finance("fred.finance"));
        assertThat(approved.status()).as(String.valueOf(approved.body())).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(approved.body().get("adjustmentTxId").asString()).isEqualTo("recon-adj-" + exceptionId);
        TransactionReceived adjustment = posted("recon-adj-" + exceptionId);
        assertThat(adjustment.amountMinor()).isEqualTo(200_000);
        assertThat(adjustment.refTxId()).isEqualTo("tx-1");

        assertThat(count("SELECT count(*) FROM reconciliation.audit_log WHERE entity_type = 'exception'"
                + " AND entity_id = ? AND action = 'EXCEPTION_ACCEPT_PROVIDER_REQUESTED' AND actor = 'olga.operator'"
                + " AND reason = 'their stake is right'", Long.toString(exceptionId))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reconciliation.audit_log WHERE entity_type = 'exception'"
                + " AND entity_id = ? AND action = 'EXCEPTION_ACCEPT_PROVIDER_APPROVED' AND actor = 'fred.finance'"
                + " AND reason = 'checked the provider''s report'", Long.toString(exceptionId))).isEqualTo(1);
        assertThat(auditChain.verify().intact()).isTrue();
    }

    @Test
    void aRejectedAcceptanceReturnsToOpenAndPostsNothing() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 10, 42);
        Ledger.record(day.recorded);
        day.line("tx-2").amountMinor += 150_000;
        long exceptionId = reconcileAndFind(provider, day, "AMOUNT_MISMATCH");
        String path = "/v1/reconciliation/exceptions/" + exceptionId;
        assertThat(post(path + "/resolve", Map.of("resolution", "ACCEPT_PROVIDER", "note", "looks right"),
                As.operator()).body().get("status").asString()).isEqualTo("PENDING_APPROVAL");

        Answer rejected = post(path + "/approval", Map.of("approved", false, "note", "their report is wrong"),
                As.finance("fred.finance"));
        assertThat(rejected.body().get("status").asString()).isEqualTo("OPEN");
        assertThat(rejected.body().get("adjustmentTxId").isNull()).isTrue();
        assertThat(count("SELECT count(*) FROM reconciliation.exceptions WHERE id = ? AND posting_seq = 0",
                exceptionId)).isEqualTo(1);
    }

    @Test
    void theFourEyesThresholdIsPerCurrencyInMajorUnits() throws Exception {
        String provider = newProvider();
        // this context: 1,000 major units by default, KRW configured at 100,000
        String jsonl = line("krw-small", "5000", "KRW") + line("krw-large", "150000", "KRW")
                + line("eur-small", "999.99", "EUR") + line("jpy-large", "1500", "JPY");
        Answer up = upload(provider, As.operator(), "application/x-ndjson",
                jsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        awaitRun(up.body().get("runId").asLong());
        Map<String, String> expected = Map.of("krw-small", "RESOLVED", "krw-large", "PENDING_APPROVAL",
                "eur-small", "RESOLVED", "jpy-large", "PENDING_APPROVAL");
        for (JsonNode item : get("/v1/reconciliation/exceptions?providerId=" + provider, As.operator()).body()
                .get("items")) {
            String txId = item.get("providerTxId").asString();
            Answer a = post("/v1/reconciliation/exceptions/" + item.get("id").asLong() + "/resolve",
                    Map.of("resolution", "WRITE_OFF", "note", "small"), As.operator());
            assertThat(a.body().get("status").asString()).as(txId).isEqualTo(expected.get(txId));
        }
    }

    private static String line(String id, String amount, String currency) {
        return "{\"providerTxId\":\"" + id + "\",\"type\":\"BET\",\"amount\":\"" + amount + "\",\"currency\":\""
                + currency + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\"}\n";
    }

    @Test
    void theQueueFiltersPagesAndSorts() throws Exception {
        String provider = newProvider();
        DayFixture day = new DayFixture(provider, DAY, 30, 23);
        Ledger.record(day.recorded);
        for (int i = 0; i < 6; i++) {
            day.line("tx-" + i).amountMinor += 10L * (i + 1);  // six amount breaks of 10..60
        }
        reconcileAndFind(provider, day, "AMOUNT_MISMATCH");

        JsonNode page0 = get("/v1/reconciliation/exceptions?providerId=" + provider
                + "&class=amount_mismatch&size=4&sort=amount,desc", As.operator()).body();
        assertThat(page0.get("total").asLong()).isEqualTo(6);
        assertThat(page0.get("items").valueStream().map(e -> e.get("amountMinor").asLong()).toList())
                .containsExactly(60L, 50L, 40L, 30L);
        JsonNode page1 = get("/v1/reconciliation/exceptions?providerId=" + provider
                + "&size=4&page=1&sort=amount,desc", As.operator()).body();
        assertThat(page1.get("items").valueStream().map(e -> e.get("amountMinor").asLong()).toList())
                .containsExactly(20L, 10L);
        JsonNode filtered = get("/v1/reconciliation/exceptions?providerId=" + provider
                + "&minAmountMinor=25&maxAmountMinor=45&status=OPEN&from=" + DAY + "&to=" + DAY, As.operator()).body();
        assertThat(filtered.get("total").asLong()).isEqualTo(2);

        long assigned = page0.get("items").get(0).get("id").asLong();
        assertThat(post("/v1/reconciliation/exceptions/" + assigned + "/assign", Map.of("assignee", "ann.operator"),
                As.operator()).status()).isEqualTo(200);
        JsonNode anns = get("/v1/reconciliation/exceptions?providerId=" + provider + "&assignee=ann.operator",
                As.operator()).body();
        assertThat(anns.get("total").asLong()).isEqualTo(1);
        assertThat(anns.get("items").get(0).get("id").asLong()).isEqualTo(assigned);
        assertThat(get("/v1/reconciliation/exceptions?providerId=" + provider + "&assignee=bob.operator",
                As.operator()).body().get("total").asLong()).isZero();

        assertThat(get("/v1/reconciliation/exceptions?size=100000", As.operator()).status()).isEqualTo(400);
        // a page far beyond any queue would make the database skip that many rows first: bounded like size
        assertThat(get("/v1/reconciliation/exceptions?page=2000000000", As.operator()).body().get("errors").get(0)
                .get("field").asString()).isEqualTo("page");
        assertThat(get("/v1/reconciliation/exceptions?page=10000", As.operator()).status()).isEqualTo(200);
        assertThat(get("/v1/reconciliation/exceptions?sort=drop_table", As.operator()).body().get("errors").get(0)
                .get("field").asString()).isEqualTo("sort");
        // a provider sees only its own queue
        assertThat(get("/v1/reconciliation/exceptions?providerId=" + provider, As.provider("other")).status())
                .isEqualTo(403);
        assertThat(get("/v1/reconciliation/exceptions", As.provider(provider)).body().get("total").asLong())
                .isEqualTo(6);
    }

    @Test
    void unresolvedBreaksOverTheThresholdRaiseAMetricAndAWebhookThatIsRetried() throws Exception {
        String provider = newProvider();
        assertThat(put("/v1/reconciliation/providers/" + provider + "/settings", Map.of("alertMaxOpenCount", 2),
                As.operator()).status()).isEqualTo(200);
        DayFixture day = new DayFixture(provider, DAY, 10, 24);
        Ledger.record(day.recorded);
        day.lines.removeIf(l -> l.providerTxId.equals("tx-1") || l.providerTxId.equals("tx-2")
                || l.providerTxId.equals("tx-3"));
        reconcileAndFind(provider, day, "MISSING_PROVIDER");

        assertThat(alerts.evaluate()).contains(provider);
        // the receiver refuses the first delivery of every message: the notifier tried again
        await("the alert and its retry").atMost(Duration.ofSeconds(30))
                .until(() -> WEBHOOK_BODIES.stream().filter(b -> b.contains(provider)).count() >= 2);
        List<String> forProvider = WEBHOOK_BODIES.stream().filter(b -> b.contains(provider)).toList();
        assertThat(forProvider).hasSize(2);
        assertThat(JSON.readTree(forProvider.get(0)).get("text").asString()).contains("3 unresolved breaks");
        // both attempts signed with the shared scheme and carrying the same event id (a receiver dedupes on it)
        List<WebhookDelivery> deliveries = WEBHOOK_DELIVERIES.stream().filter(d -> d.body().contains(provider)).toList();
        assertThat(deliveries).hasSize(2).allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
        assertThat(deliveries.get(0).eventId()).isNotBlank().isEqualTo(deliveries.get(1).eventId());
        String metrics = getText("/actuator/prometheus");
        assertThat(metrics).containsPattern("recon_breaks_unresolved_count\\{[^}]*provider=\"" + provider
                + "\"[^}]*} 3.0");
        assertThat(metrics).containsPattern("recon_breaks_alert\\{[^}]*provider=\"" + provider + "\"[^}]*} 1.0");
        assertThat(metrics).containsPattern("clearhouse_webhook_deliveries_total\\{[^}]*outcome=\"retry\"[^}]*"
                + "service=\"reconciliation\"");
        // a second round does not notify again while the provider stays over the threshold: the notifier
        // delivers in order on one worker, so once a marker queued after the round has arrived, anything
        // the round queued would have arrived before it
        alerts.evaluate();
        String marker = "marker " + UUID.randomUUID();
        notifier.notify(marker);
        await("the marker after the second round").atMost(Duration.ofSeconds(30))
                .until(() -> WEBHOOK_BODIES.stream().anyMatch(b -> b.contains(marker)));
        assertThat(WEBHOOK_BODIES.stream().filter(b -> b.contains(provider))).hasSize(2);
    }

    @Test
    void aWebhookThatFailsEveryAttemptIsCountedAsAFailureAndBlocksNothing() throws Exception {
        double failedBefore = failedDeliveries();
        String text = ALWAYS_FAIL + " " + HOLD + " " + UUID.randomUUID();
        CountDownLatch gate = new CountDownLatch(1);
        webhookGate = gate;
        try {
            // the receiver holds every delivery of this message unanswered: a notify that waited for its
            // delivery could not return before the gate opens (each attempt would wait for its 10 s timeout)
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> notifier.notify(text));
            call.get(30, TimeUnit.SECONDS);
            assertThat(WEBHOOK_BODIES.stream().filter(b -> b.contains(text)).count())
                    .as("deliveries received before notify returned").isLessThanOrEqualTo(1);
        } finally {
            gate.countDown();
        }
        await("the failed delivery counted").atMost(Duration.ofSeconds(30))
                .until(() -> failedDeliveries() >= failedBefore + 1);
        assertThat(failedDeliveries()).isEqualTo(failedBefore + 1);
        // every one of the configured attempts (3 in this context) was made
        assertThat(WEBHOOK_BODIES.stream().filter(b -> b.contains(text)).count()).isEqualTo(3);
    }

    private double failedDeliveries() {
        var counter = meters.find("clearhouse.webhook.deliveries").tags("service", "reconciliation", "outcome", "failed")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long reconcileAndFind(String provider, DayFixture day, String breakClass) throws Exception {
        Answer up = upload(null, As.provider(provider), "text/csv", day.csv());
        assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
        awaitRun(up.body().get("runId").asLong());
        JsonNode list = get("/v1/reconciliation/exceptions?providerId=" + provider + "&class=" + breakClass,
                As.operator()).body();
        assertThat(list.get("items").size()).isGreaterThan(0);
        return list.get("items").get(0).get("id").asLong();
    }

    /** The one transaction with this id that the service put on ingest's topic. */
    private TransactionReceived posted(String providerTxId) throws Exception {
        List<ConsumerRecord<String, String>> records = awaitRecords(Topics.PROVIDER_TRANSACTIONS,
                v -> v.contains("\"providerTxId\":\"" + providerTxId + "\""), 1);
        assertThat(records).hasSize(1);
        return JSON.readValue(records.get(0).value(), TransactionReceived.class);
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, Predicate<String> match) {
        return awaitRecords(topic, match, 1).get(0);
    }

    /**
     * Reads the real topic from the beginning until {@code n} matching records arrived, then on to the
     * end the topic had once the service's outbox was empty, so that a caller counting the matches
     * sees one too many (the outbox deletes a row only once Kafka acknowledged it). Bounded.
     */
    private List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<String> match, int n) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Runnable pollOnce = () -> consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (match.test(r.value())) {
                    found.add(r);
                }
            });
            // in this thread: a KafkaConsumer is not for sharing; each poll is bounded
            await("%d records on %s".formatted(n, topic)).atMost(Duration.ofSeconds(60)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(10)).until(() -> {
                        pollOnce.run();
                        return found.size() >= n;
                    });
            await("the reconciliation outbox to drain").atMost(Duration.ofSeconds(60))
                    .until(() -> count("SELECT count(*) FROM reconciliation.outbox") == 0);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("reading %s to its end %s".formatted(topic, end)).atMost(Duration.ofSeconds(60))
                    .pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                        pollOnce.run();
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        assertThat(found).as("records on %s", topic).hasSizeGreaterThanOrEqualTo(n);
        return found;
    }
}
