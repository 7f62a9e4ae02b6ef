package io.clearhouse.reporting.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether finance gets its reports, as Prometheus sees it; every series exists from the start:
 * <ul>
 *   <li>{@code clearhouse_reporting_reports_archived_total{format,status}} and
 *   {@code clearhouse_reporting_generation_failures_total};</li>
 *   <li>{@code clearhouse_reporting_generation_duration_seconds} (histogram): one report (a provider's or the
 *   consolidated one of a day) assembled and archived in its three formats;</li>
 *   <li>{@code clearhouse_reporting_report_jobs_pending} and {@code clearhouse_reporting_report_jobs_oldest_age_seconds}:
 *   closes waiting for their reports;</li>
 *   <li>{@code clearhouse_reporting_webhook_deliveries{state=PENDING|SENT|FAILED}} and
 *   {@code clearhouse_reporting_webhook_pending_oldest_age_seconds}: the "reports ready" notifications.</li>
 * </ul>
 * The gauges are counted every {@code clearhouse.reporting.metrics.refresh-ms} (15 s).
 */
@Component
class ReportMetrics {

    static final List<String> DELIVERY_STATES = List.of("PENDING", "SENT", "FAILED");

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Counter failures;
    private final Timer generation;
    private final AtomicLong jobsPending = new AtomicLong();
    private final AtomicLong jobsOldestAgeS = new AtomicLong();
    private final AtomicLong webhookOldestAgeS = new AtomicLong();
    private final Map<String, AtomicLong> deliveries = new HashMap<>();

    ReportMetrics(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.failures = Counter.builder("clearhouse.reporting.generation.failures")
                .description("Report generation rounds that failed (retried on the next poll)").register(meters);
        this.generation = Timer.builder("clearhouse.reporting.generation.duration")
                .description("One report assembled and archived in every format").register(meters);
        for (ReportFormat f : ReportFormat.values()) {
            for (ReportStatus s : ReportStatus.values()) {
                archivedCounter(f, s);
            }
        }
        gauge("clearhouse.reporting.report.jobs.pending", jobsPending, null, "Closes waiting for their reports");
        gauge("clearhouse.reporting.report.jobs.oldest.age", jobsOldestAgeS, "seconds",
                "Age of the oldest close waiting for its reports (0 when none waits)");
        gauge("clearhouse.reporting.webhook.pending.oldest.age", webhookOldestAgeS, "seconds",
                "Age of the oldest undelivered 'reports ready' webhook (0 when none waits)");
        for (String state : DELIVERY_STATES) {
            AtomicLong v = new AtomicLong();
            deliveries.put(state, v);
            Gauge.builder("clearhouse.reporting.webhook.deliveries", v, AtomicLong::get).tag("state", state)
                    .description("'Reports ready' webhooks by delivery state").register(meters);
        }
    }

    private void gauge(String name, AtomicLong value, String unit, String description) {
        Gauge.builder(name, value, AtomicLong::get).baseUnit(unit).description(description).register(meters);
    }

    private Counter archivedCounter(ReportFormat format, ReportStatus status) {
        return Counter.builder("clearhouse.reporting.reports.archived").tag("format", format.name())
                .tag("status", status.name()).description("Reports archived (new bytes)").register(meters);
    }

    void archived(ReportFormat format, ReportStatus status) {
        archivedCounter(format, status).increment();
    }

    void failed() {
        failures.increment();
    }

    <T> T timeGeneration(Supplier<T> work) {
        return generation.record(work);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${clearhouse.reporting.metrics.refresh-ms:15000}")
    void refresh() {
        jdbc.query("""
                SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint FROM report_jobs""",
                rs -> {
                    jobsPending.set(rs.getLong(1));
                    jobsOldestAgeS.set(rs.getLong(2));
                });
        Map<String, Long> counted = new HashMap<>();
        jdbc.query("SELECT state, count(*) FROM webhook_deliveries GROUP BY state",
                rs -> {
                    counted.put(rs.getString(1), rs.getLong(2));
                });
        deliveries.forEach((state, v) -> v.set(counted.getOrDefault(state, 0L)));
        jdbc.query("""
                SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint FROM webhook_deliveries
                 WHERE state = 'PENDING'""", rs -> {
            webhookOldestAgeS.set(rs.getLong(1));
        });
    }
}
