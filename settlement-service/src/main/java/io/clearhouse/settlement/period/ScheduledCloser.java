package io.clearhouse.settlement.period;

import io.clearhouse.settlement.contract.ContractStore;
import io.clearhouse.settlement.contract.ContractVersion;
import io.clearhouse.settlement.domain.ContractTerms;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes periods by themselves once their cut-off plus grace has passed: the period ending on
 * business date D closes at D+1 {@code cutoffHour}:00 in the contract's zone, plus
 * {@code graceMinutes}. Only periods that have aggregates and are not closed yet are considered.
 * Enabled by {@code clearhouse.settlement.auto-close.enabled} (off in the embedded stack, where
 * the demo closes its day on demand).
 */
@Component
@ConditionalOnProperty(name = "clearhouse.settlement.auto-close.enabled", havingValue = "true")
class ScheduledCloser {

    static final String ACTOR = "settlement-scheduler";
    private static final Logger log = LoggerFactory.getLogger(ScheduledCloser.class);
    private static final int DATES_PER_RUN_MAX = 62;

    private final JdbcTemplate jdbc;
    private final ContractStore contracts;
    private final PeriodCloser closer;
    private final Clock clock;

    ScheduledCloser(JdbcTemplate jdbc, ContractStore contracts, PeriodCloser closer, Clock clock) {
        this.jdbc = jdbc;
        this.contracts = contracts;
        this.closer = closer;
        this.clock = clock;
    }

    /** When the period holding {@code date} may close by itself. */
    static Instant due(ContractTerms terms, LocalDate date) {
        LocalDate end = PeriodCloser.period(terms, date)[1];
        return end.plusDays(1).atTime(terms.cutoffHour(), 0).atZone(ZoneId.of(terms.timeZone())).toInstant()
                .plusSeconds(60L * terms.graceMinutes());
    }

    @Scheduled(fixedDelayString = "${clearhouse.settlement.auto-close.poll-ms:60000}")
    void closeDuePeriods() {
        Instant now = clock.instant();
        List<Object[]> open = jdbc.query("""
                SELECT DISTINCT a.provider_id, a.posting_date FROM aggregates a
                 WHERE NOT EXISTS (SELECT 1 FROM closed_periods c WHERE c.provider_id = a.provider_id
                                     AND a.posting_date BETWEEN c.period_start AND c.period_end)
                   AND a.posting_date < ?
                 ORDER BY a.posting_date, a.provider_id LIMIT ?""",
                (rs, i) -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)},
                Date.valueOf(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(1)), DATES_PER_RUN_MAX);
        for (Object[] row : open) {
            String provider = (String) row[0];
            LocalDate date = (LocalDate) row[1];
            ContractVersion contract = contracts.effectiveOn(provider, date).orElse(null);
            if (contract == null || now.isBefore(due(contract.terms(), date))) {
                continue;
            }
            try {
                closer.close(provider, date, ACTOR, "scheduled close at cut-off + grace", null);
                log.info("Closed {} {} (cut-off + grace passed)", provider, date);
            } catch (RuntimeException e) {
                log.warn("Scheduled close of {} {} failed: {}", provider, date, e.getMessage());
            }
        }
    }
}
