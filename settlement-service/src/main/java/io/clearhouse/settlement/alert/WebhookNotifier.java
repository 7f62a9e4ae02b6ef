package io.clearhouse.settlement.alert;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends settlement's operational notifications (a close that cannot run) to the webhook named by
 * {@code CLEARHOUSE_SETTLEMENT_ALERT_WEBHOOK_URL}; off when unset. Same delivery as reconciliation's
 * notifier: a Slack-compatible JSON body ({@code {"text": ...}} plus structured fields), one worker
 * thread with a bounded queue so the scheduler never waits, a bounded number of attempts with doubling
 * backoff, outcomes counted in {@code clearhouse_settlement_alert_webhook_total{outcome=sent|failed|dropped}}.
 *
 * <p>Signed when {@code CLEARHOUSE_SETTLEMENT_ALERT_WEBHOOK_SECRET} is set, the way providers sign
 * their requests to the gateway: {@code X-Clearhouse-Timestamp} (epoch seconds) and
 * {@code X-Clearhouse-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}; a receiver
 * recomputes it and refuses stale timestamps. {@code X-Clearhouse-Event-Id} lets it drop a redelivery.
 */
@Component
public class WebhookNotifier {

    public static final String TIMESTAMP = "X-Clearhouse-Timestamp";
    public static final String SIGNATURE = "X-Clearhouse-Signature";
    public static final String EVENT_ID = "X-Clearhouse-Event-Id";
    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final int QUEUE_MAX = 100;
    private static final long BACKOFF_MAX_MS = 60_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final String url;
    private final byte[] secret;
    private final int maxAttempts;
    private final long backoffMs;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ThreadPoolExecutor worker;

    WebhookNotifier(@Value("${clearhouse.settlement.alert.webhook-url:}") String url,
                    @Value("${clearhouse.settlement.alert.webhook-secret:}") String secret,
                    @Value("${clearhouse.settlement.alert.max-attempts:5}") int maxAttempts,
                    @Value("${clearhouse.settlement.alert.backoff-ms:1000}") long backoffMs,
                    JsonMapper json, MeterRegistry meters, Clock clock) {
        this.url = url == null || url.isBlank() ? null : url.trim();
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.maxAttempts = Math.max(1, Math.min(maxAttempts, 20));
        this.backoffMs = Math.max(1, backoffMs);
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_MAX), r -> {
            Thread t = new Thread(r, "settlement-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    public boolean enabled() {
        return url != null;
    }

    /** Queues a notification; returns at once. {@code fields} are added beside {@code text}. */
    public void notify(String eventId, String text, Map<String, Object> fields) {
        if (!enabled()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("eventId", eventId);
        body.putAll(fields);
        byte[] bytes = json.writeValueAsBytes(body);
        try {
            worker.execute(() -> deliver(eventId, bytes));
        } catch (RejectedExecutionException e) {
            outcome("dropped");
        }
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private void deliver(String eventId, byte[] body) {
        long delay = backoffMs;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header(EVENT_ID, eventId)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (secret != null) {
                    long ts = clock.instant().getEpochSecond();
                    b.header(TIMESTAMP, Long.toString(ts)).header(SIGNATURE, "sha256=" + sign(secret, ts, body));
                }
                HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    outcome("sent");
                    return;
                }
                log.warn("settlement alert webhook answered HTTP {} (attempt {}/{})", r.statusCode(), attempt, maxAttempts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("settlement alert webhook failed (attempt {}/{}): {}", attempt, maxAttempts, e.toString());
            }
            if (attempt < maxAttempts) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, BACKOFF_MAX_MS);
            }
        }
        outcome("failed");
    }

    private void outcome(String outcome) {
        meters.counter("clearhouse.settlement.alert.webhook", "outcome", outcome).increment();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
