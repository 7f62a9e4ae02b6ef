package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Settlement never drops a valid ledger record: a database outage is retried for as long as it lasts
 * (the old handler gave up after {@code retry-max-elapsed-ms}, 2 s in these tests, and sent the batch
 * to the DLT), only a record that is itself bad goes to the DLT (one whose amount overflows a sum,
 * one beyond the per-transaction bound), and the consumed offsets are stored with the counted rows.
 */
class LedgerFaultsIT extends SettlementITBase {

    @Test
    void aDatabaseOutageIsRetriedUntilItEndsAndNoValidRecordGoesToTheDlt() throws Exception {
        LocalDate d = LocalDate.of(2026, 9, 14);
        String provider = uniqueProvider("outage");
        sql("REVOKE INSERT ON settlement.processed_transactions FROM settlement_app");
        try {
            publish(List.of(tx(provider, "b1", TransactionType.BET, GameType.SLOT, 500, "EUR", d),
                    tx(provider, "w1", TransactionType.WIN, GameType.SLOT, 300, "EUR", d),
                    tx(provider, "b2", TransactionType.BET, GameType.SLOT, 200, "EUR", d)));
            // three times longer than the old handler retried before dead-lettering the batch
            Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> dltFor(provider, Duration.ofMillis(500)).isEmpty());
        } finally {
            sql("GRANT INSERT ON settlement.processed_transactions TO settlement_app");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> transactionsCounted(provider, d) == 3);
        assertThat(dltFor(provider, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aSumThatWouldOverflowDeadLettersOnlyTheRecordThatOverflowsAndTheRestOfTheBatchIsCounted() throws Exception {
        LocalDate d = LocalDate.of(2026, 9, 15);
        String provider = uniqueProvider("overflow");
        // a day whose stake already sits just below the 64-bit limit
        sql("INSERT INTO settlement.aggregates (provider_id, posting_date, origin_date, brand_id, currency, game_type,"
                + " bet_count, bet_minor, win_count, win_minor, rollback_count, rollback_minor, free_round_win_count,"
                + " free_round_win_minor, jackpot_win_count, jackpot_win_minor, jackpot_contribution_minor,"
                + " adjustment_count, stake_adjustment_minor, payout_adjustment_minor, updated_at)"
                + " VALUES ('" + provider + "', DATE '2026-09-15', DATE '2026-09-15', 'brand-full', 'EUR', 'SLOT',"
                + " 1, " + (Long.MAX_VALUE - 10) + ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now())");
        TransactionRecorded overflowing = withBrand(tx(provider, "big", TransactionType.BET, GameType.SLOT, 100, "EUR", d),
                "brand-full");
        TransactionRecorded huge = tx(provider, "huge", TransactionType.WIN, GameType.SLOT,
                TransactionRules.AMOUNT_MINOR_MAX + 1, "EUR", d);
        publish(List.of(tx(provider, "ok1", TransactionType.BET, GameType.SLOT, 500, "EUR", d), overflowing, huge,
                tx(provider, "ok2", TransactionType.WIN, GameType.SLOT, 300, "EUR", d)));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dltFor(provider, Duration.ofMillis(500)).size() >= 2);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dltFor(provider, Duration.ofSeconds(1))) {
            String body = new String(r.value(), StandardCharsets.UTF_8);
            Header h = r.headers().lastHeader("kafka_dlt-exception-message");
            reasons.put(body.contains("\"big\"") ? "big" : body.contains("\"huge\"") ? "huge" : body,
                    h == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons).containsOnlyKeys("big", "huge");
        assertThat(reasons.get("big")).contains("22003");
        assertThat(reasons.get("huge")).contains("amount");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed(provider).equals(List.of("ok1", "ok2")));
    }

    @Test
    void theConsumedOffsetsAreStoredWithTheCountedRows() throws Exception {
        LocalDate d = LocalDate.of(2026, 9, 16);
        String provider = uniqueProvider("offsets");
        publish(List.of(tx(provider, "b1", TransactionType.BET, GameType.SLOT, 500, "EUR", d)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> transactionsCounted(provider, d) == 1);
        Map<Integer, Long> end = endOffsets();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<Integer, Long> stored = new HashMap<>();
            for (String row : sqlRows("SELECT partition || ':' || next_offset FROM settlement.consumer_offsets"
                    + " WHERE topic = '" + Topics.LEDGER_TRANSACTIONS + "'")) {
                String[] parts = row.split(":");
                stored.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
            end.forEach((partition, offset) -> {
                if (offset > 0) {
                    assertThat(stored.getOrDefault(partition, 0L)).as("partition " + partition).isGreaterThanOrEqualTo(offset);
                }
            });
        });
    }

    private static TransactionRecorded withBrand(TransactionRecorded t, String brand) {
        return new TransactionRecorded(1, t.transactionId(), t.providerId(), t.providerTxId(), t.roundId(), t.playerRef(),
                brand, t.gameId(), t.gameType(), t.type(), t.amountMinor(), t.currency(), t.occurredAt(),
                t.businessDate(), t.refTxId(), t.reversesBusinessDate(), t.adjustedType(), t.freeRound(), t.campaignId(),
                t.jackpotContributionMinor(), t.contentHash(), t.recordedAt());
    }

    private static List<String> processed(String provider) throws Exception {
        return sqlRows("SELECT provider_tx_id FROM settlement.processed_transactions WHERE provider_id = '" + provider
                + "' ORDER BY 1");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = infra().superuserConnection()) {
            c.createStatement().execute(statement);
        }
    }

    private static List<String> sqlRows(String query) throws Exception {
        try (Connection c = infra().superuserConnection(); PreparedStatement ps = c.prepareStatement(query);
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(c);
    }

    private static Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < Topics.TRANSACTION_PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.LEDGER_TRANSACTIONS, i));
            }
            Map<Integer, Long> out = new HashMap<>();
            consumer.endOffsets(parts).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    /** The provider's records on the ledger DLT, read from the beginning for at most {@code within}. */
    private static List<ConsumerRecord<String, byte[]>> dltFor(String provider, Duration within) {
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < Topics.TRANSACTION_PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.dlt(Topics.LEDGER_TRANSACTIONS), i));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline
                    && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(provider + ":")) {
                        mine.add(r);
                    }
                }
            }
        }
        return mine;
    }
}
