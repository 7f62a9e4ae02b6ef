package io.clearhouse.reconciliation.alert;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends Slack-compatible notifications ({@code {"text": ...}}) to the configured webhook on a
 * worker thread with a bounded queue: the caller never waits. Each notification is tried a bounded
 * number of times with doubling backoff; outcomes are counted in
 * {@code recon.alerts.webhook{outcome=sent|failed|dropped}} (failures never surface elsewhere).
 */
@Component
public class WebhookNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final String url;
    private final int maxAttempts;
    private final long backoffMs;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor worker;

    WebhookNotifier(ReconciliationProperties props, JsonMapper json, MeterRegistry meters) {
        this.json = json;
        this.url = props.alerts().webhookUrl();
        this.maxAttempts = Math.max(1, props.alerts().maxAttempts());
        this.backoffMs = props.alerts().backoffMs();
        this.meters = meters;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, props.alerts().queueCapacity())), r -> {
                    Thread t = new Thread(r, "recon-webhook");
                    t.setDaemon(true);
                    return t;
                });
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** Queues a notification; returns at once. */
    public void notify(String text) {
        if (!enabled()) {
            return;
        }
        try {
            worker.execute(() -> deliver(text));
        } catch (RejectedExecutionException e) {
            meters.counter("recon.alerts.webhook", "outcome", "dropped").increment();
        }
    }

    private void deliver(String text) {
        byte[] body = json.writeValueAsBytes(Map.of("text", text));
        long delay = backoffMs;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    meters.counter("recon.alerts.webhook", "outcome", "sent").increment();
                    return;
                }
                log.warn("alert webhook answered HTTP {} (attempt {}/{})", r.statusCode(), attempt, maxAttempts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("alert webhook failed (attempt {}/{}): {}", attempt, maxAttempts, e.toString());
            }
            meters.counter("recon.alerts.webhook.retries").increment();
            if (attempt < maxAttempts) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, 60_000);
            }
        }
        meters.counter("recon.alerts.webhook", "outcome", "failed").increment();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
