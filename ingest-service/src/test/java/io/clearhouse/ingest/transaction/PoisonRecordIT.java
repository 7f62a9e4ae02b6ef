package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.bet;
import static io.clearhouse.ingest.TransactionMother.win;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.IngestStack;
import io.clearhouse.ingest.TransactionMother;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Records that reach ingest without the gateway's checks (published straight to the topic): one that
 * breaks the shared transaction rules, and one the rules let through but PostgreSQL refuses (a year-0
 * timestamp received, by its own account, in year 0: SQLSTATE 22008). Each goes to the DLT with its
 * reason; the valid records of the same batch and partition are recorded; nothing is retried forever.
 */
class PoisonRecordIT extends IngestIntegrationTest {

    private static final Instant YEAR_ZERO = Instant.parse("0000-06-15T00:00:00Z");

    private static TransactionReceived at(String provider, String id, Instant occurredAt, Instant receivedAt) {
        return new TransactionReceived(TransactionReceived.SCHEMA_VERSION, provider, id, "r1", "player-1", "brand-a",
                "game-1", GameType.SLOT, TransactionType.BET, 100, "EUR", occurredAt, null, false, null, null,
                receivedAt, "req-" + id);
    }

    @Test
    void aRuleBreakingRecordAndADatabaseRefusedRecordGoToTheDltWhileTheRestOfTheBatchIsRecorded() throws Exception {
        String p = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        awaitConsumed();
        // all share round r1, hence the Kafka key and the partition: they block each other if anything does
        publish(List.of(
                bet(p, "ok1", "r1", 100),
                at(p, "year0-rule", YEAR_ZERO, Instant.now()),                 // breaks TransactionRules (too old)
                at(p, "year0-db", YEAR_ZERO, YEAR_ZERO.plusSeconds(1)),        // passes the rules, PostgreSQL refuses
                TransactionMother.tx(p, "recon-adj-x", "r1", TransactionType.BET, 100, null, "player-1",
                        TransactionMother.DEFAULT_AT),                         // a provider's id in reconciliation's namespace
                bet(p, "ok2", "r1", 200),
                win(p, "ok3", "r1", 300)));
        awaitConsumed();

        assertThat(sql("SELECT provider_tx_id FROM ingest.transactions WHERE provider_id = ? ORDER BY 1", p))
                .containsExactly("ok1", "ok2", "ok3");
        List<ConsumerRecord<String, byte[]>> dlt = IngestStack.readAll(Topics.dlt(Topics.PROVIDER_TRANSACTIONS),
                all -> mine(all, p).size() >= 3);
        Map<String, String> reasons = mine(dlt, p).stream().collect(Collectors.toMap(
                r -> io.clearhouse.ingest.IngestStackJson.read(r.value()).get("providerTxId").asString(),
                r -> header(r, "kafka_dlt-exception-message"), (a, b) -> a));
        assertThat(reasons).containsOnlyKeys("year0-rule", "year0-db", "recon-adj-x");
        assertThat(reasons.get("year0-rule")).contains("occurredAt");
        assertThat(reasons.get("year0-db")).contains("22008");
        assertThat(reasons.get("recon-adj-x")).contains("providerTxId").contains("reserved");
    }

    private static List<ConsumerRecord<String, byte[]>> mine(List<ConsumerRecord<String, byte[]>> all, String p) {
        return all.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(p)).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
