package io.clearhouse.support.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one service's webhooks to one URL, signed with {@link WebhookSignature} when a secret is set.
 * Built by {@link WebhookSenders#create}. Two ways to use it:
 * <ul>
 * <li>{@link #send}: queue a body and return at once; one worker thread with a bounded queue delivers
 * it with a bounded number of attempts and capped exponential backoff (a full queue drops and counts).</li>
 * <li>{@link #attempt}: one signed POST now, for a service that keeps its own durable deliveries and
 * schedules its own retries ({@link #backoff(int)} gives the delay).</li>
 * </ul>
 * Outcomes are counted in {@code clearhouse_webhook_deliveries_total{service,outcome}}
 * ({@code sent|retry|failed|dropped}). Neither the secret nor the body is ever logged.
 */
public final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final String METRIC = "clearhouse.webhook.deliveries";

    private final HttpClient http;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String service;
    private final WebhookSettings settings;
    private final ThreadPoolExecutor worker;

    WebhookSender(HttpClient http, MeterRegistry meters, Clock clock, String service, WebhookSettings settings) {
        this.http = http;
        this.meters = meters;
        this.clock = clock;
        this.service = service;
        this.settings = settings;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), r -> {
                    Thread t = new Thread(r, service + "-webhook");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The answer to one attempt: the HTTP status, or the error when there was none. */
    public record Attempt(Integer status, String error, Instant startedAt, Duration took) {
        public boolean delivered() {
            return status != null && status / 100 == 2;
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public WebhookSettings settings() {
        return settings;
    }

    /** Queues a JSON body for delivery with retries; returns at once (nothing when off). */
    public void send(String eventId, byte[] body) {
        if (!enabled()) {
            return;
        }
        try {
            worker.execute(() -> deliver(eventId, body));
        } catch (RejectedExecutionException e) {
            count("dropped");
            log.warn("{} webhook queue full ({}): event {} dropped", service, settings.queueCapacity(), eventId);
        }
    }

    /** One signed POST of a JSON body, now, on the caller's thread; {@code headers} are added. Counts nothing. */
    public Attempt attempt(String eventId, byte[] body, Map<String, String> headers) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url()))
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.EVENT_ID, eventId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            if (settings.signed()) {
                long ts = started.getEpochSecond();
                b.header(WebhookSignature.TIMESTAMP, Long.toString(ts))
                        .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(settings.secret(), ts, body));
            }
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            return new Attempt(r.statusCode(), null, started, Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, "interrupted", started, Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception e) {
            // the exception's class and message name the transport failure, never the body or the secret
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Attempt(null, error.length() > 500 ? error.substring(0, 500) : error, started,
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The delay after failed attempt {@code attempt} (1-based): the first backoff doubled each time, capped. */
    public Duration backoff(int attempt) {
        long delay = settings.backoffMs();
        for (int i = 1; i < attempt && delay < settings.maxBackoffMs(); i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, settings.maxBackoffMs()));
    }

    /** Counts an outcome ({@code sent|retry|failed|dropped}) for a caller that runs its own retries. */
    public void count(String outcome) {
        meters.counter(METRIC, "service", service, "outcome", outcome).increment();
    }

    private void deliver(String eventId, byte[] body) {
        int max = settings.maxAttempts();
        for (int attempt = 1; attempt <= max; attempt++) {
            Attempt a = attempt(eventId, body, Map.of());
            if (a.delivered()) {
                count("sent");
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            log.warn("{} webhook event {} attempt {}/{} failed: {}", service, eventId, attempt, max,
                    a.status() != null ? "HTTP " + a.status() : a.error());
            if (attempt < max) {
                count("retry");
                try {
                    Thread.sleep(backoff(attempt).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        count("failed");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
