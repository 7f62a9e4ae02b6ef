package io.clearhouse.ingest.exception;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.bet;
import static io.clearhouse.ingest.TransactionMother.rollback;
import static io.clearhouse.ingest.TransactionMother.withAmount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.Http;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.IngestStack;
import io.clearhouse.ingest.IngestStackJson;
import io.clearhouse.ingest.TransactionMother;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The ingest exception queue against the real service, PostgreSQL and Kafka: each kind opens once, each
 * resolution does what it says through ingest's own topic (the correction and the replay are judged and
 * recorded like any transaction), every action is audited with who and why, roles and bounds hold.
 */
class ExceptionQueueIT extends IngestIntegrationTest {

    private static final String BASE = "/v1/ingest/exceptions";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    private static String provider(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aConflictIsAssignedCommentedAndCorrectedThroughIngestAndAnotherAcceptedAsIs() throws Exception {
        String p = provider("xq-conflict");
        TransactionReceived b1 = bet(p, "b1", "r1", 500);
        TransactionReceived b2 = bet(p, "b2", "r2", 300);
        publish(List.of(b1, withAmount(b1, 777), b2, withAmount(b2, 900)));
        awaitConsumed();
        JsonNode conflicts = awaitOne("kind=CONFLICT&providerId=" + p, 2);
        JsonNode first = byTx(conflicts, "b1");
        long id = first.get("id").asLong();
        assertThat(first.get("providerTxId").asString()).isEqualTo("b1");
        assertThat(first.get("payload").asString()).contains("\"amountMinor\":777");

        Http.Answer assigned = post(id, "assign", Map.of("assignee", "ops-2", "note", "yours"), "ops-1");
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.body().get("assignee").asString()).isEqualTo("ops-2");
        assertThat(post(id, "comments", Map.of("text", "provider resent with a new amount"), "ops-2").status())
                .isEqualTo(200);
        JsonNode read = Http.getAs(port, BASE + "/" + id, "AUDITOR").body();
        assertThat(read.get("comments").get(0).get("actor").asString()).isEqualTo("ops-2");

        Http.Answer corrected = post(id, "resolve", Map.of("resolution", "POST_CORRECTION",
                "note", "provider confirms 7.77"), "ops-2");
        assertThat(corrected.status()).as(String.valueOf(corrected.body())).isEqualTo(200);
        assertThat(corrected.body().get("status").asString()).isEqualTo("RESOLVED");
        String correction = corrected.body().get("postedTxId").asString();
        assertThat(correction).isEqualTo("recon-adj-ingest-" + id);
        JsonNode recorded = awaitRecorded(p, correction);
        assertThat(recorded.get("amountMinor").asLong()).isEqualTo(277);
        assertThat(post(id, "resolve", Map.of("resolution", "DISMISS", "note", "again"), "ops-2").status())
                .isEqualTo(409);
        assertThat(sql("SELECT actor || '|' || reason FROM ingest.audit_log WHERE action = 'INGEST_EXCEPTION_RESOLVED' "
                + "AND entity_id = ?", Long.toString(id))).containsExactly("ops-2|provider confirms 7.77");

        long second = byTx(conflicts, "b2").get("id").asLong();
        assertThat(post(second, "resolve", Map.of("resolution", "REPLAY", "note", "x"), "ops-1").status())
                .isEqualTo(409);
        Http.Answer accepted = post(second, "resolve", Map.of("resolution", "ACCEPT_ORIGINAL",
                "note", "the first delivery is the right one"), "ops-1");
        assertThat(accepted.body().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(accepted.body().has("postedTxId") && !accepted.body().get("postedTxId").isNull()).isFalse();
        await().atMost(WAIT).until(() -> !sql("SELECT action FROM ingest.history_events WHERE provider_id = ? "
                + "AND provider_tx_id = 'b2' AND action = 'EXCEPTION_RESOLVED'", p).isEmpty());
    }

    @Test
    void anExpiredRollbackIsCorrectedOnceItsBetIsRecorded() throws Exception {
        String p = provider("xq-expiry");
        assertThat(Http.put(port, "/v1/ingest/providers/" + p, Map.of("rollbackWait", "PT2S"),
                Http.as("PUT", "/v1/ingest/providers/" + p, "admin", "ADMIN")).status()).isEqualTo(200);
        publish(List.of(rollback(p, "rb1", "r1", "b1", 500)));
        awaitConsumed();
        long id = awaitOne("kind=ROLLBACK_EXPIRED&providerId=" + p, 1).get(0).get("id").asLong();
        Http.Answer early = post(id, "resolve", Map.of("resolution", "POST_CORRECTION", "note", "reverse it"), "ops-1");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body().get("detail").asString()).contains("not recorded");

        publish(List.of(bet(p, "b1", "r1", 500)));
        awaitConsumed();
        Http.Answer corrected = post(id, "resolve", Map.of("resolution", "POST_CORRECTION",
                "note", "the bet came late: reverse it as the rollback would have"), "ops-1");
        assertThat(corrected.status()).as(String.valueOf(corrected.body())).isEqualTo(200);
        JsonNode recorded = awaitRecorded(p, corrected.body().get("postedTxId").asString());
        assertThat(recorded.get("amountMinor").asLong()).isEqualTo(-500);
    }

    @Test
    void deadLettersOpenOnceAndAreReplayedAfterAFixOrDismissed() throws Exception {
        String p = provider("xq-dlt");
        TransactionReceived badCurrency = new TransactionReceived(1, p, "bad-ccy", "r1", "pl", "b", "g", GameType.SLOT,
                TransactionType.BET, 100, "XXX", TransactionMother.DEFAULT_AT, null, false, null, null,
                TransactionMother.DEFAULT_AT.plusSeconds(1), null);
        IngestStack.publishRaw(Topics.PROVIDER_TRANSACTIONS, 1, badCurrency.key(), IngestStackJson.write(badCurrency));
        IngestStack.publishRaw(Topics.PROVIDER_TRANSACTIONS, 1, badCurrency.key(),
                ("{not json " + p).getBytes(StandardCharsets.UTF_8));
        awaitConsumed();

        JsonNode letter = awaitOne("kind=DEAD_LETTER&providerId=" + p, 1).get(0);
        long id = letter.get("id").asLong();
        assertThat(letter.get("reason").asString()).contains("unknown currency XXX");
        assertThat(letter.get("sourceRef").asString()).startsWith("dlt:" + Topics.PROVIDER_TRANSACTIONS + ":1:");
        Http.Answer unfixed = post(id, "resolve", Map.of("resolution", "REPLAY", "note", "try again"), "ops-1");
        assertThat(unfixed.status()).isEqualTo(400);
        assertThat(unfixed.body().get("detail").asString()).contains("currency");

        @SuppressWarnings("unchecked")
        Map<String, Object> fixed = tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(IngestStackJson.write(badCurrency), Map.class);
        fixed.put("currency", "EUR");
        Http.Answer replayed = post(id, "resolve", Map.of("resolution", "REPLAY",
                "note", "provider confirmed EUR", "payload", fixed), "ops-1");
        assertThat(replayed.status()).as(String.valueOf(replayed.body())).isEqualTo(200);
        assertThat(awaitRecorded(p, "bad-ccy").get("currency").asString()).isEqualTo("EUR");

        JsonNode unreadable = await().atMost(WAIT).until(() -> findPayload("kind=DEAD_LETTER&status=OPEN&sort=id,desc",
                "{not json " + p), n -> n != null);
        long u = unreadable.get("id").asLong();
        assertThat(post(u, "resolve", Map.of("resolution", "REPLAY", "note", "x"), "ops-1").status()).isEqualTo(400);
        Http.Answer dismissed = post(u, "resolve", Map.of("resolution", "DISMISS",
                "note", "test garbage, nothing to recover"), "ops-1");
        assertThat(dismissed.body().get("status").asString()).isEqualTo("DISMISSED");
        assertThat(sql("SELECT count(*) FROM ingest.ingest_exceptions WHERE source_ref = ?",
                letter.get("sourceRef").asString())).containsExactly("1");
    }

    @Test
    void theQueueIsBoundedAndOnlyOperatorsActWhileAuditorsRead() throws Exception {
        assertThat(Http.getAs(port, BASE, "AUDITOR").status()).isEqualTo(200);
        assertThat(Http.getAs(port, BASE, "FINANCE").status()).isEqualTo(403);
        assertThat(Http.get(port, BASE).status()).isEqualTo(401);
        Http.Answer big = Http.getAs(port, BASE + "?size=201", "OPERATOR");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.body().get("errors").get(0).get("field").asString()).isEqualTo("size");
        assertThat(Http.getAs(port, BASE + "?sort=payload", "OPERATOR").status()).isEqualTo(400);
        assertThat(Http.getAs(port, BASE + "?kind=OTHER", "OPERATOR").status()).isEqualTo(400);
        assertThat(Http.getAs(port, BASE + "/99999999", "OPERATOR").status()).isEqualTo(404);
        String path = BASE + "/1/resolve";
        assertThat(Http.post(port, path, Map.of("resolution", "DISMISS", "note", "x"),
                Http.as("POST", path, "aud-1", "AUDITOR")).status()).isEqualTo(403);
        Http.Answer noNote = Http.post(port, path, Map.of("resolution", "DISMISS"), Http.as("POST", path, "ops-1", "OPERATOR"));
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.body().get("errors").get(0).get("field").asString()).isEqualTo("note");
    }

    private Http.Answer post(long id, String action, Map<String, ?> body, String actor) throws Exception {
        String path = BASE + "/" + id + "/" + action;
        return Http.post(port, path, body, Http.as("POST", path, actor, "OPERATOR"));
    }

    private JsonNode awaitOne(String query, int count) {
        return await().atMost(WAIT).until(() -> Http.getAs(port, BASE + "?" + query, "OPERATOR").body().get("items"),
                items -> items != null && items.size() == count);
    }

    private static JsonNode byTx(JsonNode items, String providerTxId) {
        for (JsonNode item : items) {
            if (providerTxId.equals(item.get("providerTxId").asString())) {
                return item;
            }
        }
        throw new AssertionError("no exception for " + providerTxId + " in " + items);
    }

    private JsonNode findPayload(String query, String text) throws Exception {
        for (JsonNode item : Http.getAs(port, BASE + "?" + query + "&size=200", "OPERATOR").body().get("items")) {
            if (item.get("payload").asString().contains(text)) {
                return item;
            }
        }
        return null;
    }

    private JsonNode awaitRecorded(String provider, String providerTxId) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> Http.getAs(port, "/v1/transactions/" + providerTxId
                + "?providerId=" + provider, "OPERATOR").body(), b -> "RECORDED".equals(b.get("status").asString()));
    }
}
