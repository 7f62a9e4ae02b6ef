package io.clearhouse.reporting.report;

import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.reporting.notify.WebhookDeliveries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Generates the reports a statement event asked for ({@code report_jobs}, written with the event):
 * the provider's report and the consolidated one of the date, in the three formats, archived; a
 * "reports ready" webhook is queued for what is new. A job is deleted in the transaction that archives
 * its reports, so a crash generates again (identical bytes, no duplicate) and never loses a job.
 */
@Component
public class ReportGenerator {

    private static final Logger log = LoggerFactory.getLogger(ReportGenerator.class);
    /** Jobs taken per transaction: bounds the time a transaction holds them. */
    static final int JOBS_PER_ROUND = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final DailyReportAssembler assembler;
    private final ReportArchive archive;
    private final WebhookDeliveries webhooks;
    private final ReportMetrics meters;

    ReportGenerator(JdbcTemplate jdbc, TransactionTemplate tx, DailyReportAssembler assembler, ReportArchive archive,
                    WebhookDeliveries webhooks, ReportMetrics meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.assembler = assembler;
        this.archive = archive;
        this.webhooks = webhooks;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${clearhouse.reporting.generator-poll-ms:1000}")
    void poll() {
        try {
            while (round() == JOBS_PER_ROUND) {
                // a full round: more may be waiting
            }
        } catch (RuntimeException e) {
            meters.failed();
            log.warn("Report generation failed, retried on the next poll: {}",
                    org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e).toString());
        }
    }

    /** One transaction: takes up to {@link #JOBS_PER_ROUND} jobs, generates, archives, queues the webhook. */
    int round() {
        Integer done = tx.execute(status -> {
            record Job(long id, String providerId, LocalDate date) {
            }
            List<Job> jobs = jdbc.query("""
                    SELECT id, provider_id, business_date FROM report_jobs ORDER BY id
                    LIMIT ? FOR UPDATE SKIP LOCKED""",
                    (rs, n) -> new Job(rs.getLong("id"), rs.getString("provider_id"),
                            rs.getObject("business_date", LocalDate.class)), JOBS_PER_ROUND);
            if (jobs.isEmpty()) {
                return 0;
            }
            Map<LocalDate, Set<String>> byDate = new LinkedHashMap<>();
            jobs.forEach(j -> byDate.computeIfAbsent(j.date(), d -> new LinkedHashSet<>()).add(j.providerId()));
            for (Map.Entry<LocalDate, Set<String>> e : byDate.entrySet()) {
                List<ReportArchive.Entry> created = new ArrayList<>();
                for (String provider : e.getValue()) {
                    created.addAll(generate(e.getKey(), provider));
                }
                created.addAll(generate(e.getKey(), null));
                if (!created.isEmpty()) {
                    webhooks.enqueue(readyPayload(e.getKey(), created));
                }
            }
            jdbc.update("DELETE FROM report_jobs WHERE id = ANY(?)", (Object) jobs.stream().map(Job::id)
                    .toArray(Long[]::new));
            return jobs.size();
        });
        return done == null ? 0 : done;
    }

    /** Generates and archives one report in the three formats; returns the newly archived entries. */
    public List<ReportArchive.Entry> generate(LocalDate date, String providerId) {
        return meters.timeGeneration(() -> generateUntimed(date, providerId));
    }

    private List<ReportArchive.Entry> generateUntimed(LocalDate date, String providerId) {
        List<ReportArchive.Entry> created = new ArrayList<>();
        assembler.assemble(date, providerId).ifPresent(report -> {
            for (ReportFormat f : ReportFormat.values()) {
                ReportArchive.Archived a = archive.archive(report, f, ReportRenderer.render(report, f));
                if (a.created()) {
                    created.add(a.entry());
                    meters.archived(f, report.status());
                }
            }
            log.info("Reports of {} for {} ({}): {} new", date, providerId == null ? "all providers" : providerId,
                    report.status(), created.size());
        });
        return created;
    }

    /** The webhook body: which reports are ready, with their ids and hashes (deterministic JSON). */
    static String readyPayload(LocalDate date, List<ReportArchive.Entry> entries) {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (ReportArchive.Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("scope", e.scope());
            m.put("providerId", e.consolidated() ? null : e.providerId());
            m.put("status", e.status().name());
            m.put("format", e.format().name());
            m.put("sha256", e.sha256());
            m.put("href", "/v1/reports/" + e.id());
            reports.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "reports.ready");
        body.put("businessDate", date.toString());
        body.put("reports", reports);
        return CanonicalJson.write(body);
    }
}
