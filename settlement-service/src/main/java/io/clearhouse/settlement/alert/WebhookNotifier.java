package io.clearhouse.settlement.alert;

import io.clearhouse.support.webhook.WebhookSender;
import io.clearhouse.support.webhook.WebhookSenders;
import io.clearhouse.support.webhook.WebhookSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settlement's operational notifications (a close that cannot run) to the webhook named by
 * {@code CLEARHOUSE_SETTLEMENT_ALERT_WEBHOOK_URL}; off when unset. A Slack-compatible JSON body
 * ({@code {"text": ...}} plus the event id and structured fields), delivered by the shared
 * {@link WebhookSender} (service-support): queued, bounded retries with capped backoff, signed with
 * {@code X-Clearhouse-Timestamp}/{@code X-Clearhouse-Signature} when
 * {@code CLEARHOUSE_SETTLEMENT_ALERT_WEBHOOK_SECRET} is set, counted in
 * {@code clearhouse_webhook_deliveries_total{service="settlement"}}.
 */
@Component
public class WebhookNotifier {

    private final JsonMapper json;
    private final WebhookSender sender;

    WebhookNotifier(@Value("${clearhouse.settlement.alert.webhook-url:}") String url,
                    @Value("${clearhouse.settlement.alert.webhook-secret:}") String secret,
                    @Value("${clearhouse.settlement.alert.max-attempts:5}") int maxAttempts,
                    @Value("${clearhouse.settlement.alert.backoff-ms:1000}") long backoffMs,
                    JsonMapper json, WebhookSenders senders) {
        this.json = json;
        this.sender = senders.create(WebhookSettings.of(url, secret, maxAttempts, backoffMs));
    }

    public boolean enabled() {
        return sender.enabled();
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
        sender.send(eventId, json.writeValueAsBytes(body));
    }
}
