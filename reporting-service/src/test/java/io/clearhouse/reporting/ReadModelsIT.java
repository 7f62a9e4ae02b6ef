package io.clearhouse.reporting;

import static io.clearhouse.reporting.StatementMother.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.reconciliation.BreakClass;
import io.clearhouse.common.reconciliation.BreakResolved;
import io.clearhouse.common.settlement.StatementPublished;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.support.KafkaHeaders;

class ReadModelsIT extends ReportingITBase {

    private static final long BREAK_ID = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1_000_000_000);

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void readModelsAreFilledExactlyOnceWhenEveryEventIsDeliveredTwice() throws Exception {
        String provider = uniqueProvider("once");
        LocalDate date = uniqueDate();
        StatementPublished draft = statement().provider(provider).date(date).event();
        List<TransactionRecorded> txs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            txs.add(tx(provider, "b" + i, TransactionType.BET, i % 2 == 0 ? GameType.SLOT : GameType.LIVE, 1000 + i,
                    "brand-x", date));
            txs.add(tx(provider, "w" + i, TransactionType.WIN, i % 2 == 0 ? GameType.SLOT : GameType.LIVE, 500, "brand-x",
                    date));
        }
        BreakResolvedPair breaks = new BreakResolvedPair(provider, date);
        for (int round = 0; round < 2; round++) {
            publishStatement(draft);
            publish(Topics.RECON_BREAKS, Long.toString(BREAK_ID), breaks.opened);
            publish(Topics.RECON_BREAKS, Long.toString(BREAK_ID), breaks.resolved);
            for (TransactionRecorded t : txs) {
                publish(Topics.LEDGER_TRANSACTIONS, t.key(), t);
            }
        }
        // a marker published last on each topic: once applied, everything before it on its partition was
        Map<String, Object> done = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            done.put("tx", jdbc.queryForObject("SELECT coalesce(sum(bet_count + win_count), 0) FROM daily_activity "
                    + "WHERE provider_id = ?", Long.class, provider));
            assertThat(done.get("tx")).isEqualTo(80L);
            assertThat(jdbc.queryForObject("SELECT status FROM breaks WHERE break_id = ?", String.class, BREAK_ID))
                    .isEqualTo("RESOLVED");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM statement_events WHERE statement_id = ?", Long.class,
                    draft.statementId())).isEqualTo(1L);
        });
        // and once more later: nothing moves
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(jdbc.queryForMap("SELECT sum(bet_count) AS bets, sum(bet_minor) AS bet_minor, "
                    + "sum(win_count) AS wins, sum(win_minor) AS win_minor FROM daily_activity WHERE provider_id = ?",
                    provider)).containsEntry("bets", java.math.BigDecimal.valueOf(40))
                    .containsEntry("bet_minor", java.math.BigDecimal.valueOf(40 * 1000 + 780))
                    .containsEntry("wins", java.math.BigDecimal.valueOf(40))
                    .containsEntry("win_minor", java.math.BigDecimal.valueOf(40 * 500));
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM daily_activity WHERE provider_id = ?", Long.class, provider))
                .as("one row per brand, currency, game type and date").isEqualTo(2L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM statements WHERE provider_id = ?", Long.class, provider))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM statement_lines WHERE statement_id = ?", Long.class,
                draft.statementId())).isEqualTo(3L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM break_events WHERE break_id = ?", Long.class, BREAK_ID))
                .isEqualTo(2L);
        assertThat(jdbc.queryForMap("SELECT break_class, amount_minor, business_date FROM breaks WHERE break_id = ?", BREAK_ID))
                .containsEntry("break_class", "AMOUNT_MISMATCH").containsEntry("amount_minor", 1250L)
                .containsEntry("business_date", java.sql.Date.valueOf(date));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report_jobs WHERE provider_id = ?", Long.class, provider)
                + jdbc.queryForObject("SELECT count(DISTINCT sha256) FROM reports WHERE provider_id = ? AND format = 'PDF'",
                Long.class, provider)).as("one DRAFT report, however often the event came").isLessThanOrEqualTo(1L);
    }

    /**
     * Poison goes to the DLT with its reason; then Kafka's committed offsets are rewound to the start
     * while the listeners are stopped: on restart they seek to the offsets stored with the rows, so the
     * poison record is not read (and dead-lettered) again, and what follows is applied.
     */
    @Test
    void poisonGoesToTheDltWithItsReasonAndStoredOffsetsDecideWhatIsReadAfterARestart() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        publish(Topics.SETTLEMENT_STATEMENTS, key, "{not json");
        StatementPublished good = statement().provider(uniqueProvider("tampered")).date(uniqueDate()).event();
        StatementPublished tampered = new StatementPublished(good.schemaVersion(), good.eventId(), good.statementId(),
                good.providerId(), good.periodStart(), good.periodEnd(), good.version(), good.status(),
                good.settlementCurrency(), good.totalPayableMinor(), "0".repeat(64), good.actor(), good.reason(),
                good.occurredAt(), good.document(), good.preparedBy(), good.preparedAt(), good.approvedBy(),
                good.approvedAt());
        publish(Topics.SETTLEMENT_STATEMENTS, key, tampered);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> dlt = deadLetters(key);
            assertThat(dlt).hasSize(2);
            assertThat(reason(dlt.get(0))).contains("not a StatementPublished");
            assertThat(reason(dlt.get(1))).contains("does not hash to the event's sha256");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM statements WHERE statement_id = ?", Long.class,
                good.statementId())).isZero();

        listeners.getListenerContainers().forEach(c -> c.stop());
        try (Admin admin = Admin.create(adminProps())) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (int p = 0; p < Topics.OTHER_PARTITIONS; p++) {
                zero.put(new TopicPartition(Topics.SETTLEMENT_STATEMENTS, p), new OffsetAndMetadata(0));
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets("reporting", zero).all().get();
                return true;
            });
        } finally {
            listeners.getListenerContainers().forEach(c -> c.start());
        }
        StatementPublished after = statement().provider(uniqueProvider("after")).date(uniqueDate()).event();
        publish(Topics.SETTLEMENT_STATEMENTS, key, after);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM statements WHERE statement_id = ?", Long.class, after.statementId())).isOne());
        assertThat(deadLetters(key)).as("nothing read again").hasSize(2);
    }

    private static String reason(ConsumerRecord<String, String> r) {
        Header h = r.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Properties adminProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        return p;
    }

    private static List<ConsumerRecord<String, String>> deadLetters(String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dlt-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < Topics.OTHER_PARTITIONS; i++) {
                parts.add(new TopicPartition(Topics.dlt(Topics.SETTLEMENT_STATEMENTS), i));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Instant deadline = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(deadline) && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        found.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
        return found;
    }

    /** A break opened and then resolved. */
    static final class BreakResolvedPair {
        final Object opened;
        final Object resolved;

        BreakResolvedPair(String provider, LocalDate date) {
            opened = breakOpened(BREAK_ID, provider, date, BreakClass.AMOUNT_MISMATCH, 1250);
            resolved = new BreakResolved(1, "recon:exception:" + BREAK_ID + ":RESOLVE:1", BREAK_ID, provider, "tx-" + BREAK_ID,
                    BreakClass.AMOUNT_MISMATCH, "RESOLVED", "ACCEPT_INTERNAL", "ops-1", null,
                    Instant.parse("2026-03-04T08:00:00Z"));
        }
    }
}
