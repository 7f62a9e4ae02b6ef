package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.settlement.aggregate.AggregateWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class LateTransactionsAndFxIT extends SettlementITBase {

    @Autowired
    AggregateWriter writer;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void transactionsForAClosedPeriodBecomeAdjustmentLinesOfTheNextOpenPeriodAndTheClosedStatementNeverChanges()
            throws Exception {
        LocalDate d1 = LocalDate.of(2026, 10, 20);
        LocalDate d2 = d1.plusDays(1);
        String provider = uniqueProvider("late");
        post("/v1/contracts", workedExampleContract(provider, d1.withDayOfMonth(1)), "carol", "FINANCE");
        TransactionRecorded bet = tx(provider, "bet-1", TransactionType.BET, GameType.SLOT, 100_000, "USD", d1);
        publish(List.of(bet, tx(provider, "win-1", TransactionType.WIN, GameType.SLOT, 20_000, "USD", d1)));
        await("day 1 counted", () -> transactionsCounted(provider, d1) == 2);
        JsonNode first = post("/v1/settlements/close", Map.of("businessDate", d1.toString(), "providerId", provider),
                "alice", "FINANCE").body().get("statements").get(0);
        assertThat(first.get("totalPayable").asString()).isEqualTo("80.00");

        // after the close: the bet is rolled back (arriving on day 2) and a straggler of day 1 arrives
        publish(List.of(rollback(bet, "rb-1", d2),
                tx(provider, "bet-late", TransactionType.BET, GameType.SLOT, 30_000, "USD", d1),
                tx(provider, "bet-2", TransactionType.BET, GameType.SLOT, 50_000, "USD", d2)));
        await("day 2 counted", () -> transactionsCounted(provider, d2) == 3);

        JsonNode second = post("/v1/settlements/close", Map.of("businessDate", d2.toString(), "providerId", provider),
                "alice", "FINANCE").body().get("statements").get(0);
        JsonNode doc = get("/v1/statements/" + second.get("statementId").asString(), "bob", "FINANCE").body()
                .get("document");
        JsonNode lines = doc.get("lines");
        assertThat(lines).hasSize(2);
        JsonNode adjustment = lines.get(1);
        assertThat(adjustment.get("kind").asString()).isEqualTo("LATE_ADJUSTMENT");
        assertThat(adjustment.get("originDate").asString()).isEqualTo(d1.toString());
        assertThat(adjustment.get("bets").asString()).isEqualTo("300.00");
        assertThat(adjustment.get("rollbacks").asString()).isEqualTo("1000.00");
        assertThat(adjustment.get("fee").asString()).isEqualTo("-70.00");
        // day 2: 50.00 + (−70.00) = −20.00 → nothing payable, carried forward
        assertThat(second.get("totalPayable").asString()).isEqualTo("0.00");
        assertThat(doc.get("carryForward").get("outMinor").asLong()).isEqualTo(-2_000);

        JsonNode explain = get("/v1/statements/" + second.get("statementId").asString() + "/lines/2/explain", "bob",
                "FINANCE").body();
        List<String> late = new ArrayList<>();
        explain.get("lateTransactions").forEach(t -> late.add(t.get("provider_tx_id").asString()));
        assertThat(late).containsExactlyInAnyOrder("rb-1", "bet-late");

        JsonNode unchanged = get("/v1/statements/" + first.get("statementId").asString(), "bob", "FINANCE").body();
        assertThat(unchanged.get("sha256").asString()).isEqualTo(first.get("sha256").asString());
        assertThat(unchanged.get("totalPayable").asString()).isEqualTo("80.00");
    }

    @Test
    void aTransactionIsNeverCountedTwiceNotOnRedeliveryNorWithinABatchNorAfterARolledBackAttempt() throws Exception {
        LocalDate d = LocalDate.of(2026, 10, 22);
        String provider = uniqueProvider("dedupe");
        List<TransactionRecorded> batch = List.of(
                tx(provider, "a", TransactionType.BET, GameType.SLOT, 1_000, "EUR", d),
                tx(provider, "b", TransactionType.BET, GameType.SLOT, 2_000, "EUR", d),
                tx(provider, "a", TransactionType.BET, GameType.SLOT, 1_000, "EUR", d));

        // a crash after the effect but before commit: nothing stays
        transactions.executeWithoutResult(status -> {
            writer.count(batch);
            status.setRollbackOnly();
        });
        assertThat(transactionsCounted(provider, d)).isZero();

        assertThat(writer.count(batch).counted()).isEqualTo(2);
        assertThat(writer.count(batch).counted()).isZero(); // the redelivery
        assertThat(writer.count(List.of(batch.get(1), tx(provider, "c", TransactionType.WIN, GameType.SLOT, 500, "EUR", d)))
                .counted()).isEqualTo(1);
        assertThat(transactionsCounted(provider, d)).isEqualTo(3);
        JsonNode row = get("/v1/settlements/aggregates?businessDate=" + d + "&providerId=" + provider, "x", "FINANCE")
                .body().get(0);
        assertThat(row.get("betMinor").asLong()).isEqualTo(3_000);
        assertThat(row.get("winMinor").asLong()).isEqualTo(500);
    }

    @Test
    void anUnreadableLedgerRecordGoesToTheDeadLetterTopicAndTheRecordsAfterItAreCounted() throws Exception {
        LocalDate d = LocalDate.of(2026, 10, 23);
        String provider = uniqueProvider("poison");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String key = provider + ":round-x";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.LEDGER_TRANSACTIONS, key, "{not json")).get();
        }
        TransactionRecorded after = tx(provider, "x", TransactionType.BET, GameType.SLOT, 700, "EUR", d);
        publish(List.of(after));
        await("the record after the poison counted", () -> transactionsCounted(provider, d) == 1);

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < Topics.TRANSACTION_PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.dlt(Topics.LEDGER_TRANSACTIONS), i));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            // in this thread: a KafkaConsumer is not for sharing; each poll is bounded
            Awaitility.await("the poison record on the DLT").atMost(Duration.ofSeconds(60)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(10)).until(() -> {
                        boolean found = false;
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                            found |= key.equals(r.key()) && "{not json".equals(r.value());
                        }
                        return found;
                    });
        }
    }

    @Test
    void ecbRatesConvertKrwIntoAUsdContractAndAMissingRateFailsTheCloseNamingPairAndDate() throws Exception {
        LocalDate d = LocalDate.of(2026, 10, 26);
        String provider = uniqueProvider("krw");
        Map<String, Object> contract = Map.of("providerId", provider, "effectiveFrom", "2026-10-01", "reason", "Seoul",
                "terms", Map.of("settlementCurrency", "USD", "timeZone", "Asia/Seoul", "cutoffHour", 6,
                        "fxFallbackDays", 2, "games", Map.of("LIVE", Map.of("base", "GGR", "rate", "0.10"))));
        assertThat(post("/v1/contracts", contract, "carol", "FINANCE").status()).isEqualTo(201);
        publish(List.of(tx(provider, "k1", TransactionType.BET, GameType.LIVE, 2_234_567, "KRW", d),
                tx(provider, "k2", TransactionType.WIN, GameType.LIVE, 1_000_000, "KRW", d)));
        await("KRW day counted", () -> transactionsCounted(provider, d) == 2);

        Answer missing = post("/v1/settlements/close", Map.of("businessDate", d.toString(), "providerId", provider),
                "alice", "FINANCE");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().get("detail").asString()).contains("KRW/USD").contains(d.toString());

        // the ECB daily file, as published (a Friday two days earlier: within the 2-day fallback)
        String ecb = "Date, USD, JPY, BGN, KRW, \n24 October 2026, 1.0500, 162.10, 1.9558, 1475.00, \n";
        Answer loaded = upload("/v1/fx/rates/import", ecb, "text/csv", "carol", "FINANCE");
        assertThat(loaded.status()).isEqualTo(200);
        assertThat(loaded.body().get("received").asInt()).isEqualTo(4);

        Answer closed = post("/v1/settlements/close", Map.of("businessDate", d.toString(), "providerId", provider),
                "alice", "FINANCE");
        assertThat(closed.status()).isEqualTo(200);
        JsonNode line = get("/v1/statements/" + closed.body().get("statements").get(0).get("statementId").asString(),
                "bob", "FINANCE").body().get("document").get("lines").get(0);
        assertThat(line.get("fx").get("source").asString()).isEqualTo("ECB (cross via EUR)");
        assertThat(line.get("fx").get("rateDate").asString()).isEqualTo("2026-10-24");
        assertThat(line.get("fee").asString()).isEqualTo("87.88");
    }
}
