package io.clearhouse.ingest.partition;

import jakarta.annotation.PostConstruct;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps one partition of {@code ingest.transactions} per business date, always off the consumer's
 * path: creating a partition takes an ACCESS EXCLUSIVE lock on the whole table, which would stall
 * recording for every provider behind any long reader. Rows of a date without a partition go to the
 * DEFAULT partition, so recording never needs DDL.
 * <ul>
 * <li>On startup and every {@code interval-ms} (1 h): the partitions from {@code days-back} before to
 * {@code days-ahead} after today exist well before their rows.</li>
 * <li>Lazily, on the same schedule: dates that landed in the DEFAULT partition (a late transaction,
 * up to {@code TransactionRules.MAX_AGE} old) get their partition, and their rows move there, at most
 * {@code backfill-max} dates a run. Dates further than {@code horizon-days} from today are left in the
 * DEFAULT partition, so no input can create tables without bound.</li>
 * </ul>
 * Each creation is its own transaction with a short {@code lock_timeout} ({@code lock-timeout-ms},
 * 2 s): a waiting ACCESS EXCLUSIVE request queues every writer behind it, so a busy table makes the
 * maintainer give up and try again on its next run rather than stall the consumers. Creation runs
 * through the owner's {@code ensure_transaction_partition} (the app role cannot create tables).
 */
@Component
public class PartitionMaintainer {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int daysBack;
    private final int daysAhead;
    private final int horizonDays;
    private final int backfillMax;
    private final long lockTimeoutMs;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    PartitionMaintainer(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock,
                        @Value("${clearhouse.ingest.partitions.days-back:7}") int daysBack,
                        @Value("${clearhouse.ingest.partitions.days-ahead:7}") int daysAhead,
                        @Value("${clearhouse.ingest.partitions.horizon-days:400}") int horizonDays,
                        @Value("${clearhouse.ingest.partitions.backfill-max:20}") int backfillMax,
                        @Value("${clearhouse.ingest.partitions.lock-timeout-ms:2000}") long lockTimeoutMs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.daysBack = daysBack;
        this.daysAhead = daysAhead;
        this.horizonDays = horizonDays;
        this.backfillMax = backfillMax;
        this.lockTimeoutMs = lockTimeoutMs;
    }

    @PostConstruct
    void onStartup() {
        ahead();
    }

    /** The days around today, then the dates waiting in the DEFAULT partition; never on the consumer's path. */
    @Scheduled(initialDelayString = "${clearhouse.ingest.partitions.interval-ms:3600000}",
            fixedDelayString = "${clearhouse.ingest.partitions.interval-ms:3600000}")
    public void maintain() {
        ahead();
        backfill();
    }

    /** The coming (and recent) days' partitions exist well before their rows. */
    public void ahead() {
        LocalDate today = today();
        Set<LocalDate> dates = new TreeSet<>();
        for (int d = -daysBack; d <= daysAhead; d++) {
            dates.add(today.plusDays(d));
        }
        int created = ensure(dates);
        log.info("Transaction partitions from {} to {} present ({} created)", today.minusDays(daysBack),
                today.plusDays(daysAhead), created);
    }

    /** Gives the dates waiting in the DEFAULT partition (within the horizon) their own partition; returns how many. */
    public int backfill() {
        LocalDate today = today();
        List<LocalDate> waiting = jdbc.queryForList("SELECT d FROM default_partition_dates(?, ?, ?) AS d", Date.class,
                Date.valueOf(today.minusDays(horizonDays)), Date.valueOf(today.plusDays(horizonDays)), backfillMax)
                .stream().map(Date::toLocalDate).toList();
        int created = ensure(waiting);
        if (created > 0) {
            log.info("Moved the rows of {} business dates from the DEFAULT partition into their own", created);
        }
        return created;
    }

    /**
     * Creates the missing partitions among these dates (within the horizon); returns how many. A date
     * whose creation times out waiting for the table's lock is skipped (logged) and retried next run.
     */
    public int ensure(Collection<LocalDate> dates) {
        LocalDate today = today();
        List<LocalDate> missing = dates.stream()
                .filter(d -> !known.contains(d))
                .filter(d -> Math.abs(d.toEpochDay() - today.toEpochDay()) <= horizonDays)
                .sorted().toList();
        int created = 0;
        for (LocalDate d : missing) {
            try {
                Boolean made = tx.execute(status -> {
                    jdbc.execute("SET LOCAL lock_timeout = '" + lockTimeoutMs + "ms'");
                    return jdbc.queryForObject("SELECT ensure_transaction_partition(?)", Boolean.class, Date.valueOf(d));
                });
                if (Boolean.TRUE.equals(made)) {
                    created++;
                }
                known.add(d);
            } catch (DataAccessException e) {
                log.warn("Partition for {} not created this time (the table is busy or the database away): {}", d,
                        e.getMostSpecificCause().getMessage());
            }
        }
        return created;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Existing partitions (name and bounds), for the status of the table. */
    public List<String> partitions() {
        return jdbc.queryForList("""
                SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'transactions'::regclass ORDER BY c.relname""", String.class);
    }
}
