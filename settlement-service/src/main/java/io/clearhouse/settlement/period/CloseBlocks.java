package io.clearhouse.settlement.period;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.settlement.alert.WebhookNotifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a scheduled close that cannot run loud, once, and remembers it until it runs.
 *
 * <ul>
 *   <li>every failed attempt counts in {@code clearhouse_settlement_close_failures_total{provider,reason}};</li>
 *   <li>the first failure of a period for a reason inserts a {@code close_blocks} row, appends one
 *       {@code CLOSE_BLOCKED} audit entry and sends one notification; later ticks only bump its
 *       attempt count (a period blocked for a day is not 1,440 alerts);</li>
 *   <li>{@code clearhouse_settlement_close_blocked{provider}} is the number of periods currently
 *       blocked, per provider with a contract (0 when none), refreshed after every tick and retry;</li>
 *   <li>when the period closes (by the scheduler, a retry, or finance on demand) its blocks are
 *       resolved, audited {@code CLOSE_UNBLOCKED} and notified once.</li>
 * </ul>
 * Labels are bounded: provider ids (the contracts on file) and the {@link CloseFailure} values.
 */
@Component
public class CloseBlocks {

    private static final Logger log = LoggerFactory.getLogger(CloseBlocks.class);
    /** Open blocks retried per trigger: beyond that the next tick continues. */
    static final int RETRY_MAX = 500;
    private static final int DETAIL_MAX = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditAppender audit;
    private final WebhookNotifier notifier;
    private final MeterRegistry meters;
    private final Clock clock;
    private final MultiGauge blocked;

    CloseBlocks(JdbcTemplate jdbc, TransactionTemplate tx, AuditAppender audit, WebhookNotifier notifier,
                MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.notifier = notifier;
        this.meters = meters;
        this.clock = clock;
        this.blocked = MultiGauge.builder("clearhouse.settlement.close.blocked")
                .description("Periods whose scheduled close is blocked (missing FX rate, unpriced game type, ...)")
                .register(meters);
    }

    /** A block still open. */
    public record Block(String providerId, LocalDate periodStart, LocalDate periodEnd, CloseFailure reason,
                        String detail, Instant firstFailedAt, int attempts) {
    }

    /** Counts the failure; records, audits and notifies it the first time this period fails for this reason. */
    void failed(String providerId, LocalDate[] period, Throwable e) {
        CloseFailure reason = CloseFailure.of(e);
        meters.counter("clearhouse.settlement.close.failures", "provider", providerId, "reason", reason.name()).increment();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String shortDetail = detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX) : detail;
        Timestamp now = Timestamp.from(clock.instant());
        Boolean inserted = tx.execute(status -> {
            // another reason for the same period is over: the period now fails for this one
            jdbc.update("""
                    UPDATE close_blocks SET resolved_at = ? WHERE provider_id = ? AND period_start = ? AND reason <> ?
                       AND resolved_at IS NULL""", now, providerId, Date.valueOf(period[0]), reason.name());
            Date start = Date.valueOf(period[0]);
            Boolean open = jdbc.query("""
                    SELECT resolved_at IS NULL FROM close_blocks WHERE provider_id = ? AND period_start = ? AND reason = ?
                       FOR UPDATE""", rs -> rs.next() ? rs.getBoolean(1) : null, providerId, start, reason.name());
            boolean fresh;
            if (open == null) {
                fresh = jdbc.update("""
                        INSERT INTO close_blocks (provider_id, period_start, period_end, reason, detail, first_failed_at,
                                                  last_failed_at, attempts)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING""", providerId, start,
                        Date.valueOf(period[1]), reason.name(), shortDetail, now, now) == 1;
            } else {
                fresh = !open; // blocked again for a reason that had been resolved: loud again
            }
            if (!fresh || open != null) {
                jdbc.update("""
                        UPDATE close_blocks SET last_failed_at = ?, detail = ?, resolved_at = NULL,
                               attempts = CASE WHEN resolved_at IS NULL THEN attempts + 1 ELSE 1 END,
                               first_failed_at = CASE WHEN resolved_at IS NULL THEN first_failed_at ELSE ? END
                         WHERE provider_id = ? AND period_start = ? AND reason = ?""", now, shortDetail, now,
                        providerId, start, reason.name());
            }
            if (fresh) {
                audit.append(List.of(new AuditRecord(ScheduledCloser.ACTOR, "CLOSE_BLOCKED", "period",
                        providerId + ":" + period[0], null, describe(providerId, period, reason, shortDetail),
                        "the scheduled close at cut-off + grace could not run; retried until it does", null)));
            }
            return fresh;
        });
        if (Boolean.TRUE.equals(inserted)) {
            log.warn("Scheduled close of {} {}..{} is blocked ({}): {}", providerId, period[0], period[1], reason, detail);
            notifier.notify("close-blocked:" + providerId + ":" + period[0] + ":" + reason,
                    "Clearhouse settlement: the close of " + providerId + " " + period[0] + ".." + period[1]
                            + " is blocked (" + reason + "): " + shortDetail
                            + ". It is retried automatically once the missing input arrives.",
                    describe(providerId, period, reason, shortDetail));
        } else {
            log.debug("Scheduled close of {} {}..{} still blocked ({})", providerId, period[0], period[1], reason);
        }
    }

    /**
     * Resolves the open blocks of every period that is closed now, however it was closed; audits and
     * notifies each once. Then refreshes the gauge.
     */
    void resolveClosed() {
        Timestamp now = Timestamp.from(clock.instant());
        List<Block> resolved = tx.execute(status -> {
            List<Block> done = jdbc.query("""
                    UPDATE close_blocks b SET resolved_at = ?
                     WHERE b.resolved_at IS NULL AND EXISTS (SELECT 1 FROM closed_periods c WHERE c.provider_id = b.provider_id
                             AND b.period_start BETWEEN c.period_start AND c.period_end)
                    RETURNING provider_id, period_start, period_end, reason, detail, first_failed_at, attempts""",
                    (rs, i) -> new Block(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class),
                            CloseFailure.valueOf(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant(),
                            rs.getInt(7)), now);
            List<AuditRecord> records = new ArrayList<>();
            for (Block b : done) {
                Map<String, Object> after = describe(b.providerId(), new LocalDate[] {b.periodStart(), b.periodEnd()},
                        b.reason(), b.detail());
                after.put("attempts", b.attempts());
                records.add(new AuditRecord(ScheduledCloser.ACTOR, "CLOSE_UNBLOCKED", "period",
                        b.providerId() + ":" + b.periodStart(), null, after, "the period is closed", null));
            }
            if (!records.isEmpty()) {
                audit.append(records);
            }
            return done;
        });
        for (Block b : resolved) {
            log.info("Close of {} {}..{} is no longer blocked ({} after {} attempts)", b.providerId(), b.periodStart(),
                    b.periodEnd(), b.reason(), b.attempts());
            Map<String, Object> fields = describe(b.providerId(), new LocalDate[] {b.periodStart(), b.periodEnd()},
                    b.reason(), b.detail());
            fields.put("resolved", true);
            notifier.notify("close-unblocked:" + b.providerId() + ":" + b.periodStart() + ":" + b.reason(),
                    "Clearhouse settlement: " + b.providerId() + " " + b.periodStart() + ".." + b.periodEnd()
                            + " is closed; it had been blocked (" + b.reason() + ")", fields);
        }
        refreshGauge();
    }

    /** The open blocks, oldest period first, at most {@link #RETRY_MAX}. */
    public List<Block> open() {
        return jdbc.query("""
                SELECT provider_id, period_start, period_end, reason, detail, first_failed_at, attempts FROM close_blocks
                 WHERE resolved_at IS NULL ORDER BY period_start, provider_id LIMIT ?""",
                (rs, i) -> new Block(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class),
                        CloseFailure.valueOf(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getInt(7)), RETRY_MAX);
    }

    /** One gauge row per provider with a contract: its periods blocked now (0 when none). */
    void refreshGauge() {
        List<MultiGauge.Row<?>> rows = jdbc.query("""
                SELECT p.provider_id, (SELECT count(DISTINCT b.period_start) FROM close_blocks b
                                        WHERE b.provider_id = p.provider_id AND b.resolved_at IS NULL)
                  FROM (SELECT DISTINCT provider_id FROM contracts) p""",
                (rs, i) -> MultiGauge.Row.of(Tags.of("provider", rs.getString(1)), rs.getLong(2)));
        blocked.register(rows, true);
    }

    private static Map<String, Object> describe(String providerId, LocalDate[] period, CloseFailure reason, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("providerId", providerId);
        m.put("periodStart", period[0].toString());
        m.put("periodEnd", period[1].toString());
        m.put("reason", reason.name());
        m.put("detail", detail);
        return m;
    }
}
