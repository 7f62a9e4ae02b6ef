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

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.ingest.Http;
import io.clearhouse.ingest.IngestIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The listener's container is stopped in the middle of a batch (after the rows are written but
 * before the transaction commits; after the commit but before the listener returns, so before
 * Kafka's offset commit), then started again: the rows are exactly those of a run without a crash.
 */
class CrashRecoveryIT extends IngestIntegrationTest {

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @LocalServerPort
    int port;

    private static List<TransactionReceived> stream(String p) {
        List<TransactionReceived> txs = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            String round = "r" + r;
            TransactionReceived b = bet(p, "b" + r, round, 100 + r);
            if (r % 5 == 0) {
                txs.add(rollback(p, "rb" + r, round, "b" + r, 100 + r));   // early rollback
            }
            txs.add(b);
            txs.add(win(p, "w" + r, round, 50 + r));
            if (r % 3 == 0) {
                txs.add(b);                                                  // duplicate
            }
            if (r % 4 == 0) {
                txs.add(withAmount(b, 9_999));                               // conflict
            }
            if (r % 7 == 1) {
                txs.add(rollback(p, "rb" + r, round, "b" + r, 100 + r));
                txs.add(rollback(p, "rbx" + r, round, "b" + r, 100 + r));   // second rollback: refused
            }
        }
        return txs;
    }

    private static List<String> projection(String p) {
        List<String> rows = new ArrayList<>();
        rows.addAll(sql("SELECT 'tx ' || provider_tx_id || ' ' || type || ' ' || amount_minor || ' ' || business_date "
                + "|| ' ' || coalesce(ref_tx_id, '-') FROM ingest.transactions WHERE provider_id = ? ORDER BY 1", p));
        rows.addAll(sql("SELECT 'key ' || provider_tx_id || ' ' || fate || ' ' || coalesce(reason, '-') "
                + "FROM ingest.transaction_keys WHERE provider_id = ? ORDER BY 1", p));
        rows.addAll(sql("SELECT 'dup ' || count(*) FROM ingest.duplicates WHERE provider_id = ?", p));
        rows.addAll(sql("SELECT 'conflict ' || count(*) FROM ingest.conflicts WHERE provider_id = ?", p));
        rows.addAll(sql("SELECT 'reversal ' || bet_provider_tx_id || ' ' || rollback_provider_tx_id "
                + "FROM ingest.reversals WHERE provider_id = ? ORDER BY 1", p));
        // transaction ids derive from the key, which holds the provider id: compare without them
        return rows.stream().map(s -> s.replace(p, "P").replaceAll("\\(transaction [0-9a-f-]+\\)", "(transaction)"))
                .toList();
    }

    private void crashRun(AtomicReference<Runnable> point, String p) throws Exception {
        MessageListenerContainer container = registry.getListenerContainer("ingest-transactions");
        AtomicReference<Boolean> crashed = new AtomicReference<>(false);
        point.set(() -> {
            crashed.set(true);
            new Thread(container::stop, "crash-stop").start();
            throw new IllegalStateException("simulated crash");
        });
        publish(stream(p));
        await("the simulated crash").atMost(Duration.ofSeconds(60)).until(crashed::get);
        await("the container to stop").atMost(Duration.ofSeconds(60)).until(() -> !container.isRunning());
        container.start();
        awaitConsumed();
    }

    @Test
    void aCrashAfterTheRowsAreWrittenButBeforeCommitLeavesTheRowsOfARunWithoutCrash() throws Exception {
        String reference = "ref-" + UUID.randomUUID().toString().substring(0, 8);
        publish(stream(reference));
        awaitConsumed();
        String crashed = "crash1-" + UUID.randomUUID().toString().substring(0, 8);
        crashRun(CRASH_AFTER_WRITES, crashed);
        assertThat(projection(crashed)).isEqualTo(projection(reference)).isNotEmpty();
        assertThat(Http.getAs(port, "/v1/audit/verify", "AUDITOR").body().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aCrashAfterCommitButBeforeTheOffsetCommitLeavesTheRowsOfARunWithoutCrash() throws Exception {
        String reference = "ref-" + UUID.randomUUID().toString().substring(0, 8);
        publish(stream(reference));
        awaitConsumed();
        String crashed = "crash2-" + UUID.randomUUID().toString().substring(0, 8);
        crashRun(CRASH_AFTER_COMMIT, crashed);
        assertThat(projection(crashed)).isEqualTo(projection(reference)).isNotEmpty();
        assertThat(Http.getAs(port, "/v1/audit/verify", "AUDITOR").body().get("intact").asBoolean()).isTrue();
    }
}
