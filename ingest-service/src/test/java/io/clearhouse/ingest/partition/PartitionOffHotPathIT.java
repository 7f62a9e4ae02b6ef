package io.clearhouse.ingest.partition;

import static io.clearhouse.ingest.IngestStack.awaitUntil;
import static io.clearhouse.ingest.IngestStack.awaitConsumed;
import static io.clearhouse.ingest.IngestStack.publish;
import static io.clearhouse.ingest.IngestStack.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.ingest.IngestIntegrationTest;
import io.clearhouse.ingest.TransactionMother;
import io.clearhouse.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Partition DDL takes an ACCESS EXCLUSIVE lock on {@code ingest.transactions}: it must never run on
 * the consumer's path, where any long reader (a report, an audit verify) would stall recording for
 * every provider. And no statement, lock wait or socket read of a pool waits without bound.
 */
class PartitionOffHotPathIT extends IngestIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PartitionMaintainer maintainer;

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTransactionForADayWithoutAPartitionIsRecordedWhileAReaderHoldsTheTableAndItsPartitionComesLater()
            throws Exception {
        String p = "nopart-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().minus(Duration.ofDays(45)).truncatedTo(ChronoUnit.SECONDS);
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String partition = "ingest.transactions_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(sql("SELECT to_regclass(?)::text", partition)).containsExactly((String) null);
        awaitConsumed();
        try (Connection reader = TestInfrastructure.get().superuserConnection()) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("LOCK TABLE ingest.transactions IN ACCESS SHARE MODE");   // a long report, say
            }
            publish(List.of(TransactionMother.tx(p, "late1", "r1", TransactionType.BET, 100, null, "pl", at)));
            awaitUntil(Duration.ofSeconds(30), "the transaction to be recorded while the reader holds the table",
                    () -> !sql("SELECT 1 FROM ingest.transaction_keys WHERE provider_id = ?", p).isEmpty());
            reader.rollback();
        }
        assertThat(sql("SELECT tableoid::regclass::text FROM ingest.transactions WHERE provider_id = ?", p))
                .containsExactly("ingest.transactions_default");
        // the background maintainer gives the day its partition later, off the consumer's path
        maintainer.backfill();
        assertThat(sql("SELECT tableoid::regclass::text FROM ingest.transactions WHERE provider_id = ?", p))
                .containsExactly(partition);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theMaintainerGivesUpOnABusyTableInsteadOfQueueingAnExclusiveLockAheadOfTheConsumers() throws Exception {
        String p = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
        publish(List.of(TransactionMother.tx(p, "old1", "r1", TransactionType.BET, 100, null, "pl", at)));
        awaitConsumed();
        try (Connection reader = TestInfrastructure.get().superuserConnection()) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("LOCK TABLE ingest.transactions IN ACCESS SHARE MODE");
            }
            long started = System.nanoTime();
            maintainer.backfill();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            reader.rollback();
        }
        assertThat(sql("SELECT tableoid::regclass::text FROM ingest.transactions WHERE provider_id = ?", p))
                .containsExactly("ingest.transactions_default");
    }

    @Test
    void everyPooledConnectionHasALockTimeoutAStatementTimeoutAndASocketTimeout() {
        assertThat(jdbc.queryForObject("SHOW lock_timeout", String.class)).isNotEqualTo("0");
        assertThat(jdbc.queryForObject("SHOW statement_timeout", String.class)).isNotEqualTo("0");
        Integer socketTimeoutMs = jdbc.execute((Connection c) -> c.getNetworkTimeout());
        assertThat(socketTimeoutMs).isPositive();
    }
}
