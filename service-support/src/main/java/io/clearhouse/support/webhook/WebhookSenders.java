package io.clearhouse.support.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes a service's {@link WebhookSender}s (auto-configured): one HTTP client (5 s connect timeout)
 * shared by all, the service's name as the metric tag, the context clock. Stops their workers on close.
 */
public final class WebhookSenders implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final MeterRegistry meters;
    private final Clock clock;
    private final String service;
    private final List<WebhookSender> made = new CopyOnWriteArrayList<>();

    public WebhookSenders(MeterRegistry meters, Clock clock, String service) {
        this.meters = meters;
        this.clock = clock;
        this.service = service;
    }

    public WebhookSender create(WebhookSettings settings) {
        WebhookSender sender = new WebhookSender(http, meters, clock, service, settings);
        made.add(sender);
        return sender;
    }

    @Override
    public void close() {
        made.forEach(WebhookSender::close);
    }
}
