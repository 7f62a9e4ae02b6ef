package io.clearhouse.reconciliation.alert;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.support.webhook.WebhookSender;
import io.clearhouse.support.webhook.WebhookSenders;
import io.clearhouse.support.webhook.WebhookSettings;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends Slack-compatible notifications ({@code {"text": ...}}) to the configured webhook through the
 * shared {@link WebhookSender} (service-support): queued (the caller never waits; a full queue drops and
 * counts), a bounded number of attempts with capped doubling backoff, signed with
 * {@code X-Clearhouse-Timestamp}/{@code X-Clearhouse-Signature} when a secret is set, each notification
 * with its own {@code X-Clearhouse-Event-Id}. Outcomes in
 * {@code clearhouse_webhook_deliveries_total{service="reconciliation",outcome}}.
 */
@Component
public class WebhookNotifier {

    private final JsonMapper json;
    private final WebhookSender sender;

    WebhookNotifier(ReconciliationProperties props, JsonMapper json, WebhookSenders senders) {
        ReconciliationProperties.Alerts alerts = props.alerts();
        this.json = json;
        this.sender = senders.create(new WebhookSettings(alerts.webhookUrl(), alerts.webhookSecret(),
                alerts.maxAttempts(), alerts.backoffMs(), 60_000, alerts.queueCapacity(), Duration.ofSeconds(10)));
    }

    public boolean enabled() {
        return sender.enabled();
    }

    /** Queues a notification; returns at once. */
    public void notify(String text) {
        if (!enabled()) {
            return;
        }
        sender.send(UUID.randomUUID().toString(), json.writeValueAsBytes(Map.of("text", text)));
    }
}
