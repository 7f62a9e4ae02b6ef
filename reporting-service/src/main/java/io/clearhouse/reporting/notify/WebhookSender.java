package io.clearhouse.reporting.notify;

import io.clearhouse.reporting.config.ReportingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued webhooks: claims due deliveries (a lease, so two replicas never send the same one at
 * once), POSTs each signed body ({@link WebhookSignature}), and records every attempt in
 * {@code webhook_attempts}. A non-2xx answer or an error is retried with doubling backoff (capped) up to
 * the configured number of attempts, then the delivery is FAILED. Counted in
 * {@code clearhouse.reporting.webhook{outcome=sent|retry|failed}}.
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
    private final ReportingProperties.Webhook config;
    private final MeterRegistry meters;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebhookSender(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, ReportingProperties props,
                  MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.config = props.webhook();
        this.meters = meters;
    }

    private record Delivery(long id, String payload, int attempts) {
    }

    @Scheduled(fixedDelayString = "${clearhouse.reporting.webhook.poll-ms:1000}")
    void poll() {
        if (!config.enabled()) {
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
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        Instant started = clock.instant();
        String timestamp = Long.toString(started.getEpochSecond());
        Integer status = null;
        String error = null;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(config.url()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(config.secret(), timestamp, body))
                    .header("X-Clearhouse-Delivery", Long.toString(d.id()))
                    .header("X-Clearhouse-Attempt", Integer.toString(attempt))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        boolean sent = status != null && status / 100 == 2;
        boolean last = attempt >= config.maxAttempts();
        String state = sent ? "SENT" : last ? "FAILED" : "PENDING";
        Instant now = clock.instant();
        Instant next = now.plusMillis(backoffMs(attempt));
        Integer httpStatus = status;
        String err = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, http_status, error, duration_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", d.id(), attempt, Timestamp.from(started), httpStatus, err,
                    Duration.between(started, now).toMillis());
            jdbc.update("UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ? WHERE id = ?",
                    state, attempt, Timestamp.from(next), d.id());
        });
        String outcome = sent ? "sent" : last ? "failed" : "retry";
        meters.counter("clearhouse.reporting.webhook", "outcome", outcome).increment();
        if (!sent) {
            log.warn("Report webhook delivery {} attempt {}/{} failed ({}): {}", d.id(), attempt, config.maxAttempts(),
                    status == null ? "no answer" : "HTTP " + status, last ? "giving up" : "will retry");
        }
    }

    /** Doubling from the configured backoff, capped. */
    long backoffMs(int attempt) {
        long delay = config.backoffMs();
        for (int i = 1; i < attempt && delay < config.maxBackoffMs(); i++) {
            delay *= 2;
        }
        return Math.min(delay, config.maxBackoffMs());
    }
}
