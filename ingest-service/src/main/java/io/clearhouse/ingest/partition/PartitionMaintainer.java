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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps one partition of {@code ingest.transactions} per business date: on startup (before the
 * listeners start) and daily for the days around today, and on demand for the dates of each batch
 * before its transaction. Dates further than {@code horizon-days} from today (a provider's clock gone
 * wrong) are left to the DEFAULT partition, so no input can create tables without bound. Creation
 * runs through the owner's {@code ensure_transaction_partition} (the app role cannot create tables).
 */
@Component
public class PartitionMaintainer {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int daysBack;
    private final int daysAhead;
    private final int horizonDays;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    PartitionMaintainer(JdbcTemplate jdbc, Clock clock,
                        @Value("${clearhouse.ingest.partitions.days-back:7}") int daysBack,
                        @Value("${clearhouse.ingest.partitions.days-ahead:7}") int daysAhead,
                        @Value("${clearhouse.ingest.partitions.horizon-days:400}") int horizonDays) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.daysBack = daysBack;
        this.daysAhead = daysAhead;
        this.horizonDays = horizonDays;
    }

    @PostConstruct
    void onStartup() {
        ahead();
    }

    /** Daily, shortly after midnight UTC: the coming days' partitions exist well before their rows. */
    @Scheduled(cron = "${clearhouse.ingest.partitions.cron:0 5 0 * * *}", zone = "UTC")
    public void ahead() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Set<LocalDate> dates = new TreeSet<>();
        for (int d = -daysBack; d <= daysAhead; d++) {
            dates.add(today.plusDays(d));
        }
        int created = ensure(dates);
        log.info("Transaction partitions from {} to {} present ({} created)", today.minusDays(daysBack),
                today.plusDays(daysAhead), created);
    }

    /** Creates the missing partitions among these dates (within the horizon); returns how many. */
    public int ensure(Collection<LocalDate> dates) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<LocalDate> missing = dates.stream()
                .filter(d -> !known.contains(d))
                .filter(d -> Math.abs(d.toEpochDay() - today.toEpochDay()) <= horizonDays)
                .sorted().toList();
        int created = 0;
        for (LocalDate d : missing) {
            Boolean made = jdbc.queryForObject("SELECT ensure_transaction_partition(?)", Boolean.class, Date.valueOf(d));
            if (Boolean.TRUE.equals(made)) {
                created++;
            }
            known.add(d);
        }
        return created;
    }

    /** Existing partitions (name and bounds), for the status of the table. */
    public List<String> partitions() {
        return jdbc.queryForList("""
                SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'transactions'::regclass ORDER BY c.relname""", String.class);
    }
}
