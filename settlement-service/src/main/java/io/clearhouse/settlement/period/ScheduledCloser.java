package io.clearhouse.settlement.period;

import io.clearhouse.settlement.contract.ContractStore;
import io.clearhouse.settlement.contract.ContractVersion;
import io.clearhouse.settlement.domain.ContractTerms;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes periods by themselves once their cut-off plus grace has passed: the period ending on
 * business date D closes at D+1 {@code cutoffHour}:00 in the contract's zone, plus
 * {@code graceMinutes}.
 *
 * <p>Which periods: per provider, every period of its contract from its first activity on, one after
 * the other, whether or not it had activity (so a month-end statement, which carries the
 * minimum-guarantee top-up, is made even when the month's last day was quiet), each closed exactly
 * once: a period already in {@code closed_periods} is skipped, so a restart or a second poll never
 * re-runs one into a new version (and {@link PeriodCloser#closeIfOpen} decides under the close lock, so
 * two replicas or a retry racing a tick cannot close one twice). The walk starts at the earlier of the
 * provider's first unclosed aggregate date and the day after its last closed period.
 *
 * <p>A period that cannot close (missing FX rate, unpriced game type) stops its provider's walk (the
 * later periods' carry-in depends on it) and is recorded by {@link CloseBlocks}: counted, audited and
 * notified once, shown on a gauge. It is retried on every tick, and at once when an input it may
 * have lacked arrives ({@link BlockedCloseRetry}: rates loaded, a contract version added).
 *
 * <p>The tick runs when {@code clearhouse.settlement.auto-close.enabled} ({@code CLEARHOUSE_SETTLEMENT_AUTO_CLOSE},
 * on by default); the bean exists either way so that the retry of blocked periods always works.
 */
@Component
public class ScheduledCloser {

    /** The actor of every scheduled close: the `preparedBy` of its statements and the who of its audit entries. */
    public static final String ACTOR = "settlement-scheduler";
    private static final Logger log = LoggerFactory.getLogger(ScheduledCloser.class);
    /** Periods closed per provider per poll: a long catch-up continues on the next poll. */
    static final int PERIODS_PER_RUN_MAX = 62;
    /** Days walked per provider per poll, closed or not (bounds the loop over gaps without a contract). */
    private static final int DAYS_WALKED_MAX = 800;

    private final JdbcTemplate jdbc;
    private final ContractStore contracts;
    private final PeriodCloser closer;
    private final CloseBlocks blocks;
    private final Clock clock;
    private final boolean enabled;
    private final CloseMetrics metrics;

    ScheduledCloser(JdbcTemplate jdbc, ContractStore contracts, PeriodCloser closer, CloseBlocks blocks, Clock clock,
                    @Value("${clearhouse.settlement.auto-close.enabled:true}") boolean enabled, CloseMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.contracts = contracts;
        this.closer = closer;
        this.blocks = blocks;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** When the period holding {@code date} may close by itself. */
    static Instant due(ContractTerms terms, LocalDate date) {
        LocalDate end = PeriodCloser.period(terms, date)[1];
        return end.plusDays(1).atTime(terms.cutoffHour(), 0).atZone(ZoneId.of(terms.timeZone())).toInstant()
                .plusSeconds(60L * terms.graceMinutes());
    }

    /**
     * The periods to close, oldest first: walking from {@code from}, each period of the contract in
     * force (none before the first version: those days are skipped) that is due at {@code now} and not
     * {@code closed}; at most {@code max}.
     */
    static List<LocalDate[]> duePeriods(Function<LocalDate, ContractTerms> termsOn, LocalDate from, Instant now,
                                        Predicate<LocalDate[]> closed, int max) {
        List<LocalDate[]> due = new ArrayList<>();
        LocalDate date = from;
        for (int walked = 0; walked < DAYS_WALKED_MAX && due.size() < max; walked++) {
            ContractTerms terms = termsOn.apply(date);
            if (terms == null) {
                date = date.plusDays(1);
                continue;
            }
            if (now.isBefore(due(terms, date))) {
                break;
            }
            LocalDate[] period = PeriodCloser.period(terms, date);
            if (!closed.test(period)) {
                due.add(period);
            }
            date = period[1].plusDays(1);
        }
        return due;
    }

    @Scheduled(initialDelayString = "${clearhouse.settlement.auto-close.poll-ms:60000}",
            fixedDelayString = "${clearhouse.settlement.auto-close.poll-ms:60000}")
    void tick() {
        if (enabled) {
            closeDuePeriods(clock.instant());
        }
    }

    /** One pass: every provider's due, unclosed periods, oldest first; blocked ones are retried here too. */
    public void closeDuePeriods(Instant now) {
        List<Object[]> starts = jdbc.query("""
                SELECT p.provider_id, least(
                           (SELECT min(a.posting_date) FROM aggregates a WHERE a.provider_id = p.provider_id
                               AND NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.provider_id = a.provider_id
                                                 AND a.posting_date BETWEEN c.period_start AND c.period_end)),
                           (SELECT max(c.period_end) + 1 FROM closed_periods c WHERE c.provider_id = p.provider_id))
                  FROM (SELECT DISTINCT provider_id FROM contracts) p ORDER BY 1""",
                (rs, i) -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)});
        for (Object[] row : starts) {
            String provider = (String) row[0];
            LocalDate from = (LocalDate) row[1];
            if (from == null) {
                continue; // no activity yet
            }
            List<LocalDate[]> due = duePeriods(d -> contracts.effectiveOn(provider, d).map(ContractVersion::terms)
                    .orElse(null), from, now, p -> isClosed(provider, p), PERIODS_PER_RUN_MAX);
            for (LocalDate[] period : due) {
                if (!closeOne(provider, period)) {
                    break; // the later periods wait: their carry-in depends on this one
                }
            }
        }
        blocks.resolveClosed();
        metrics.passFinished();
    }

    /**
     * Retries every blocked period now, oldest first, without waiting for the next tick: called when
     * an input a blocked close may have lacked arrives. A provider whose oldest blocked period still
     * fails is not tried further this time. Runs whether or not the tick is enabled: a period is
     * blocked only because the scheduler once tried it.
     */
    public void retryBlocked() {
        Set<String> stillBlocked = new HashSet<>();
        for (CloseBlocks.Block b : blocks.open()) {
            if (stillBlocked.contains(b.providerId())) {
                continue;
            }
            if (!closeOne(b.providerId(), new LocalDate[] {b.periodStart(), b.periodEnd()})) {
                stillBlocked.add(b.providerId());
            }
        }
        blocks.resolveClosed();
    }

    private boolean closeOne(String provider, LocalDate[] period) {
        var sample = metrics.start();
        try {
            closer.closeIfOpen(provider, period[0], ACTOR, "scheduled close at cut-off + grace")
                    .ifPresent(s -> {
                        metrics.closeEnded(sample, true);
                        log.info("Closed {} {}..{} (cut-off + grace passed): {}", provider, period[0], period[1],
                                s.statementId());
                    });
            return true;
        } catch (RuntimeException e) {
            metrics.closeEnded(sample, false);
            blocks.failed(provider, period, e);
            return false;
        }
    }

    private boolean isClosed(String provider, LocalDate[] period) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM closed_periods WHERE provider_id = ? AND period_start <= ? AND period_end >= ?)""",
                Boolean.class, provider, Date.valueOf(period[1]), Date.valueOf(period[0])));
    }
}
