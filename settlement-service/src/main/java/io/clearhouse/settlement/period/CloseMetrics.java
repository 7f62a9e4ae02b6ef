package io.clearhouse.settlement.period;

import io.clearhouse.settlement.statement.StatementStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settlement as an operator watches it:
 * <ul>
 *   <li>{@code clearhouse_settlement_close_duration_seconds{outcome=closed|failed}} (histogram): one
 *   scheduled close of a provider's period, later drafts re-run included;</li>
 *   <li>{@code clearhouse_settlement_close_last_pass_seconds}: when the scheduler last finished a pass over
 *   every provider (Unix seconds); a pass that stops coming means every due close is late;</li>
 *   <li>{@code clearhouse_settlement_statements{status}}: statements by lifecycle state (DRAFT, SUPERSEDED,
 *   APPROVED, PAID), counted every {@code clearhouse.settlement.metrics.refresh-ms} (15 s), each state present
 *   from the start.</li>
 * </ul>
 * Close failures are counted by {@link CloseBlocks} ({@code clearhouse_settlement_close_failures_total}).
 */
@Component
class CloseMetrics {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Timer closed;
    private final Timer failed;
    private final AtomicLong lastPassEpochS = new AtomicLong();
    private final Map<StatementStatus, AtomicLong> statements = new EnumMap<>(StatementStatus.class);

    CloseMetrics(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.closed = timer(meters, "closed");
        this.failed = timer(meters, "failed");
        Gauge.builder("clearhouse.settlement.close.last.pass", lastPassEpochS, AtomicLong::get).baseUnit("seconds")
                .description("When the close scheduler last finished a pass over every provider (Unix time)")
                .register(meters);
        for (StatementStatus s : StatementStatus.values()) {
            AtomicLong count = new AtomicLong();
            statements.put(s, count);
            Gauge.builder("clearhouse.settlement.statements", count, AtomicLong::get).tag("status", s.name())
                    .description("Statements by lifecycle state").register(meters);
        }
    }

    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder("clearhouse.settlement.close.duration").tag("outcome", outcome)
                .description("One scheduled close of a provider's period").register(meters);
    }

    Timer.Sample start() {
        return Timer.start();
    }

    void closeEnded(Timer.Sample sample, boolean ok) {
        sample.stop(ok ? closed : failed);
    }

    void passFinished() {
        lastPassEpochS.set(clock.instant().getEpochSecond());
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${clearhouse.settlement.metrics.refresh-ms:15000}")
    void refreshStatements() {
        Map<StatementStatus, Long> counted = new EnumMap<>(StatementStatus.class);
        jdbc.query("SELECT status, count(*) FROM statements GROUP BY status",
                rs -> {
                    counted.put(StatementStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        statements.forEach((status, value) -> value.set(counted.getOrDefault(status, 0L)));
    }
}
