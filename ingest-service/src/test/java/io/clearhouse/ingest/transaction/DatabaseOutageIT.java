package io.clearhouse.ingest.transaction;

import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static io.clearhouse.ingest.TransactionMother.bet;
import static io.clearhouse.ingest.TransactionMother.win;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.IngestStack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The database refuses the service's writes for longer than the old error handler retried (its
 * role loses INSERT on transaction_keys, as a permission error a real outage or failover also
 * raises as a DataAccessException): the batch is retried, counted, never sent to the DLT, and once
 * the database accepts writes again every transaction is recorded exactly once.
 */
class DatabaseOutageIT extends IngestIntegrationTest {

    @Autowired
    MeterRegistry meters;

    private double retries() {
        return meters.find("clearhouse.kafka.batch.retries").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static long dltEnd() {
        return IngestStack.endOffsets(Topics.dlt(Topics.PROVIDER_TRANSACTIONS)).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    @Test
    void aDatabaseOutageIsRetriedUntilItEndsWithoutTheDltAndRecordsEachTransactionOnce() throws Exception {
        String p = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        awaitConsumed();
        long dltBefore = dltEnd();
        double retriesBefore = retries();
        sql("REVOKE INSERT ON ingest.transaction_keys FROM ingest_app");
        try {
            publish(List.of(bet(p, "b1", "r1", 500), win(p, "w1", "r1", 700), bet(p, "b2", "r2", 300)));
            await("failed attempts to be retried").atMost(Duration.ofSeconds(60))
                    .until(() -> retries() >= retriesBefore + 3);
            // for longer than any bounded retry would last in these tests (1 s apart at most) nothing is
            // recorded and nothing is dead-lettered, and the batch is still being retried at the end of it
            await("the outage to hold").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        assertThat(sql("SELECT count(*) FROM ingest.transaction_keys WHERE provider_id = ?", p))
                                .containsExactly("0");
                        assertThat(dltEnd()).as("nothing went to the DLT").isEqualTo(dltBefore);
                    });
            double retriesAfterTheWindow = retries();
            await("another retry after the window").atMost(Duration.ofSeconds(30))
                    .until(() -> retries() > retriesAfterTheWindow);
        } finally {
            sql("GRANT INSERT ON ingest.transaction_keys TO ingest_app");
        }
        awaitConsumed();
        assertThat(sql("SELECT provider_tx_id FROM ingest.transactions WHERE provider_id = ? ORDER BY 1", p))
                .containsExactly("b1", "b2", "w1");
        assertThat(sql("SELECT count(*) FROM ingest.transaction_keys WHERE provider_id = ?", p)).containsExactly("3");
        assertThat(dltEnd()).as("nothing went to the DLT").isEqualTo(dltBefore);
        // the permission error arrives as a DataAccessException subtype, which tags the counter
        assertThat(meters.find("clearhouse.kafka.batch.retries").counters())
                .anySatisfy(c -> assertThat(c.getId().getTag("exception")).endsWith("Exception"));
    }
}
