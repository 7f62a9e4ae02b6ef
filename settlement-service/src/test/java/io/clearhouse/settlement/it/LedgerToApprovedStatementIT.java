package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.hash.Hashing;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.testsupport.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** From ledger events on the real broker to a paid statement, through the real database and the HTTP API. */
class LedgerToApprovedStatementIT extends SettlementITBase {

    private static final LocalDate DAY = LocalDate.of(2026, 10, 14);

    @Autowired
    AuditChainVerifier auditChain;

    @Test
    void workedExampleDayBecomesAnApprovedThenPaidStatementCountedOnceDespiteDuplicates() throws Exception {
        String provider = uniqueProvider("worked");
        assertThat(post("/v1/contracts", workedExampleContract(provider, DAY.withDayOfMonth(1)), "carol", "FINANCE")
                .status()).isEqualTo(201);

        // slots: bets 12,000.00, wins 10,800.00; live: bets 5,000.00, wins 4,100.00, operator-funded
        // free-round wins 100.00; plus a 50.00 bet and its rollback (no net effect)
        List<TransactionRecorded> day = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            day.add(tx(provider, "s-bet-" + i, TransactionType.BET, GameType.SLOT, 300_000, "USD", DAY));
            day.add(tx(provider, "s-win-" + i, TransactionType.WIN, GameType.SLOT, 270_000, "USD", DAY));
        }
        day.add(tx(provider, "l-bet-1", TransactionType.BET, GameType.LIVE, 500_000, "USD", DAY));
        day.add(tx(provider, "l-win-1", TransactionType.WIN, GameType.LIVE, 410_000, "USD", DAY));
        day.add(freeRoundWin(tx(provider, "l-frw-1", TransactionType.WIN, GameType.LIVE, 10_000, "USD", DAY)));
        TransactionRecorded extra = tx(provider, "l-bet-2", TransactionType.BET, GameType.LIVE, 5_000, "USD", DAY);
        day.add(extra);
        day.add(rollback(extra, "l-rb-2", DAY));

        publish(day);
        publish(day); // a producer retry: every record delivered twice
        publish(day.subList(0, 5)); // and some a third time, in another batch
        int expected = day.size();
        await("the day counted", () -> transactionsCounted(provider, DAY) >= expected);
        awaitLedgerDrained(); // every duplicate delivery has been processed: it must have changed nothing
        assertThat(transactionsCounted(provider, DAY)).isEqualTo(expected);

        Answer forbidden = post("/v1/settlements/close", Map.of("businessDate", DAY.toString(), "providerId", provider),
                "mallory", "OPERATOR");
        assertThat(forbidden.status()).isEqualTo(403);

        Answer closed = post("/v1/settlements/close", Map.of("businessDate", DAY.toString(), "providerId", provider,
                "reason", "day end"), "alice", "FINANCE");
        assertThat(closed.status()).isEqualTo(200);
        JsonNode v1 = closed.body().get("statements").get(0);
        assertThat(v1.get("status").asString()).isEqualTo("DRAFT");
        assertThat(v1.get("totalPayable").asString()).isEqualTo("320.00");
        String v1Id = v1.get("statementId").asString();

        JsonNode full = get("/v1/statements/" + v1Id, "auditor-1", "AUDITOR").body();
        JsonNode lines = full.get("document").get("lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("gameType").asString()).isEqualTo("SLOT");
        assertThat(lines.get(0).get("fee").asString()).isEqualTo("120.00");
        assertThat(lines.get(1).get("gameType").asString()).isEqualTo("LIVE");
        assertThat(lines.get(1).get("ngr").asString()).isEqualTo("800.00");
        assertThat(lines.get(1).get("fee").asString()).isEqualTo("200.00");
        assertThat(lines.get(1).get("rollbacks").asString()).isEqualTo("50.00");

        // the stored document is the hashed bytes
        String document = rawDocument(v1Id);
        assertThat(Hashing.sha256Hex(document)).isEqualTo(v1.get("sha256").asString());

        Answer explained = get("/v1/statements/" + v1Id + "/lines/2/explain", "auditor-1", "AUDITOR");
        assertThat(explained.status()).isEqualTo(200);
        assertThat(explained.body().get("contract").get("gameTerms").get("base").asString()).isEqualTo("NGR");
        assertThat(explained.body().get("aggregates").get(0).get("bet_minor").asLong()).isEqualTo(505_000);

        // maker-checker: the preparer cannot approve
        Answer selfApproval = post("/v1/statements/" + v1Id + "/approve", Map.of("reason", "ok"), "alice", "FINANCE");
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(selfApproval.body().get("detail").asString()).contains("maker-checker");

        // re-running the DRAFT makes version 2 with the same bytes; version 1 is superseded
        JsonNode v2 = post("/v1/settlements/close", Map.of("businessDate", DAY.toString(), "providerId", provider),
                "alice", "FINANCE").body().get("statements").get(0);
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(v2.get("sha256").asString()).isEqualTo(v1.get("sha256").asString());
        assertThat(get("/v1/statements/" + v1Id, "bob", "FINANCE").body().get("status").asString()).isEqualTo("SUPERSEDED");
        String v2Id = v2.get("statementId").asString();
        assertThat(post("/v1/statements/" + v1Id + "/approve", Map.of(), "bob", "FINANCE").status()).isEqualTo(409);

        Answer approved = post("/v1/statements/" + v2Id + "/approve", Map.of("reason", "checked"), "bob", "FINANCE");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.body().get("approvedBy").asString()).isEqualTo("bob");

        // an approved statement is never re-run
        assertThat(post("/v1/settlements/close", Map.of("businessDate", DAY.toString(), "providerId", provider),
                "alice", "FINANCE").status()).isEqualTo(409);
        assertThat(post("/v1/statements/" + v2Id + "/pay", Map.of("paymentReference", "SEPA-1"), "bob", "AUDITOR")
                .status()).isEqualTo(403);
        Answer paid = post("/v1/statements/" + v2Id + "/pay", Map.of("paymentReference", "SEPA-1", "reason", "paid"),
                "dave", "FINANCE");
        assertThat(paid.body().get("status").asString()).isEqualTo("PAID");
        assertThat(post("/v1/statements/" + v2Id + "/pay", Map.of("paymentReference", "SEPA-2"), "dave", "FINANCE")
                .status()).isEqualTo(409);

        Answer listed = get("/v1/statements?providerId=" + provider + "&status=PAID", "bob", "FINANCE");
        assertThat(listed.body()).hasSize(1);

        awaitStatementEvents(Set.of(v1Id, v2Id), Set.of(v1Id + ":DRAFT", v1Id + ":SUPERSEDED", v2Id + ":DRAFT",
                v2Id + ":APPROVED", v2Id + ":PAID"));
        assertThat(auditChain.verify().intact()).isTrue();
    }

    @Test
    void contractsAreValidatedNamingTheFieldAndYamlImportIsIdempotent() throws Exception {
        String provider = uniqueProvider("terms");
        Map<String, Object> bad = Map.of("providerId", provider, "effectiveFrom", "2026-01-01", "reason", "typo",
                "terms", Map.of("settlementCurrency", "USD", "games", Map.of("SLOT", Map.of("rate", "1.5"))));
        Answer refused = post("/v1/contracts", bad, "carol", "FINANCE");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("terms.games.SLOT.rate");
        assertThat(post("/v1/contracts", workedExampleContract(provider, DAY), "carol", "OPERATOR").status())
                .isEqualTo(403);

        String yaml = """
                reason: demo terms
                contracts:
                  - providerId: %s
                    effectiveFrom: "2026-01-01"
                    terms:
                      settlementCurrency: EUR
                      games:
                        SLOT: { base: GGR, rate: "0.12" }
                """.formatted(provider);
        Answer first = upload("/v1/contracts/import", yaml, "application/yaml", "carol", "FINANCE");
        Answer again = upload("/v1/contracts/import", yaml, "application/yaml", "carol", "FINANCE");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("contracts").get(0).get("created").asBoolean()).isTrue();
        assertThat(again.body().get("contracts").get(0).get("created").asBoolean()).isFalse();
        assertThat(get("/v1/contracts/" + provider, "carol", "FINANCE").body()).hasSize(1);
    }

    private String rawDocument(String statementId) throws Exception {
        String path = "/v1/statements/" + statementId + "/document";
        HttpRequest.Builder b = TestHttp.request(URI.create("http://127.0.0.1:" + port + path));
        signed("GET", path, "auditor-1", "AUDITOR").forEach(b::header);
        HttpResponse<String> r = TestHttp.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** Reads the statement topic (bounded) until the events of the statements include every expected statementId:status. */
    private void awaitStatementEvents(Set<String> ids, Set<String> expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < Topics.OTHER_PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.SETTLEMENT_STATEMENTS, i));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            // in this thread: a KafkaConsumer is not for sharing; each poll is bounded
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                            if (ids.contains(r.key())) {
                                JsonNode e = json.readTree(r.value());
                                seen.add(e.get("statementId").asString() + ":" + e.get("status").asString());
                            }
                        }
                        assertThat(seen).containsAll(expected);
                    });
        }
    }
}
