package io.clearhouse.reporting.notify;

import io.clearhouse.reporting.config.ReportingProperties;
import io.clearhouse.support.webhook.WebhookSenders;
import io.clearhouse.support.webhook.WebhookSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued webhooks durably: claims due deliveries (a lease, so two replicas never send the same
 * one at once), POSTs each body with one attempt of the shared sender (service-support: signed
 * {@code X-Clearhouse-Timestamp}/{@code X-Clearhouse-Signature}, {@code X-Clearhouse-Event-Id} = the
 * delivery id, timeouts), and records every attempt in {@code webhook_attempts}. A non-2xx answer or an
 * error is retried with the shared capped doubling backoff up to the configured number of attempts, then
 * the delivery is FAILED. Counted in {@code clearhouse_webhook_deliveries_total{service="reporting",
 * outcome=sent|retry|failed}}.
 */
@Component
class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    /** Deliveries claimed per poll. */
    static final int CLAIM_MAX = 10;
    /** How long a claimed delivery stays claimed: longer than one attempt can take. */
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final io.clearhouse.support.webhook.WebhookSender sender;

    WebhookSender(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, ReportingProperties props,
                  WebhookSenders senders) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        ReportingProperties.Webhook config = props.webhook();
        // the queue is this service's table, not the shared sender's memory: a queue of one is never used
        this.sender = senders.create(new WebhookSettings(config.url(), config.secret(), config.maxAttempts(),
                config.backoffMs(), config.maxBackoffMs(), 1, REQUEST_TIMEOUT));
    }

    private record Delivery(long id, String payload, int attempts) {
    }

    @Scheduled(fixedDelayString = "${clearhouse.reporting.webhook.poll-ms:1000}")
    void poll() {
        if (!sender.enabled()) {
            return;
        }
        try {
            for (Delivery d : claim()) {
                attempt(d);
            }
        } catch (RuntimeException e) {
            log.warn("Webhook delivery round failed, retried on the next poll: {}",
                    org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e).toString());
        }
    }

    private List<Delivery> claim() {
        Instant now = clock.instant();
        return tx.execute(s -> jdbc.query("""
                UPDATE webhook_deliveries SET next_attempt_at = ?
                WHERE id IN (SELECT id FROM webhook_deliveries WHERE state = 'PENDING' AND next_attempt_at <= ?
                             ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, payload, attempts""",
                (rs, n) -> new Delivery(rs.getLong("id"), rs.getString("payload"), rs.getInt("attempts")),
                Timestamp.from(now.plus(LEASE)), Timestamp.from(now), CLAIM_MAX));
    }

    private void attempt(Delivery d) {
        int attempt = d.attempts() + 1;
        int maxAttempts = sender.settings().maxAttempts();
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        var a = sender.attempt(Long.toString(d.id()), body, Map.of(
                "X-Clearhouse-Delivery", Long.toString(d.id()),
                "X-Clearhouse-Attempt", Integer.toString(attempt)));
        boolean sent = a.delivered();
        boolean last = attempt >= maxAttempts;
        String state = sent ? "SENT" : last ? "FAILED" : "PENDING";
        Instant next = clock.instant().plus(sender.backoff(attempt));
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, http_status, error, duration_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", d.id(), attempt, Timestamp.from(a.startedAt()), a.status(), a.error(),
                    a.took().toMillis());
            jdbc.update("UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ? WHERE id = ?",
                    state, attempt, Timestamp.from(next), d.id());
        });
        sender.count(sent ? "sent" : last ? "failed" : "retry");
        if (!sent) {
            log.warn("Report webhook delivery {} attempt {}/{} failed ({}): {}", d.id(), attempt, maxAttempts,
                    a.status() == null ? "no answer" : "HTTP " + a.status(), last ? "giving up" : "will retry");
        }
    }
}
