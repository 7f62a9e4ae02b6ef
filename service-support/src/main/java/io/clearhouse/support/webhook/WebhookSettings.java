package io.clearhouse.support.webhook;

import java.time.Duration;

/**
 * Where and how one service sends its webhooks. Bounded whatever the configuration says: 1 to
 * {@value #MAX_ATTEMPTS_CAP} attempts, backoff at least 1 ms and capped by {@code maxBackoffMs}, a queue of 1 to
 * {@value #QUEUE_CAP}, request timeout 1 to 60 s.
 *
 * @param url            where to POST; blank: off
 * @param secret         the HMAC key; blank: unsigned (a service may demand one, e.g. reporting does)
 * @param maxAttempts    attempts before a delivery is failed
 * @param backoffMs      delay after the first failed attempt, doubled after each next one
 * @param maxBackoffMs   the cap on that delay
 * @param queueCapacity  deliveries waiting in memory ({@link WebhookSender#send}); beyond it they are dropped
 * @param requestTimeout how long one POST may take, answer included
 */
public record WebhookSettings(String url, String secret, int maxAttempts, long backoffMs, long maxBackoffMs,
                              int queueCapacity, Duration requestTimeout) {

    public static final int MAX_ATTEMPTS_CAP = 20;
    public static final int QUEUE_CAP = 10_000;

    public WebhookSettings {
        url = url == null || url.isBlank() ? null : url.trim();
        secret = secret == null || secret.isBlank() ? null : secret;
        maxAttempts = Math.min(MAX_ATTEMPTS_CAP, Math.max(1, maxAttempts));
        backoffMs = Math.max(1, backoffMs);
        maxBackoffMs = Math.max(backoffMs, maxBackoffMs);
        queueCapacity = Math.min(QUEUE_CAP, Math.max(1, queueCapacity));
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10)
                : Duration.ofMillis(Math.min(60_000, Math.max(1_000, requestTimeout.toMillis())));
    }

    /** Defaults for the rest: backoff capped at 60 s, a queue of 100, 10 s per request. */
    public static WebhookSettings of(String url, String secret, int maxAttempts, long backoffMs) {
        return new WebhookSettings(url, secret, maxAttempts, backoffMs, 60_000, 100, Duration.ofSeconds(10));
    }

    public boolean enabled() {
        return url != null;
    }

    public boolean signed() {
        return secret != null;
    }

    @Override
    public String toString() {
        // a chat webhook URL carries its own token in the path: only the host is shown
        String host;
        try {
            host = url == null ? null : java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            host = "(not a URI)";
        }
        return "WebhookSettings[host=" + host + ", signed=" + signed() + ", maxAttempts=" + maxAttempts + "]";
    }
}
