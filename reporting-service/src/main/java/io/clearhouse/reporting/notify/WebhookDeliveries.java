package io.clearhouse.reporting.notify;

import io.clearhouse.reporting.config.ReportingProperties;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Queues a webhook delivery in the caller's transaction (nothing when the webhook is off): a row in
 * {@code webhook_deliveries} that {@link WebhookSender} delivers with the shared signed sender.
 */
@Component
public class WebhookDeliveries {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean enabled;

    WebhookDeliveries(JdbcTemplate jdbc, Clock clock, ReportingProperties props) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.enabled = props.webhook().enabled();
    }

    public void enqueue(String payload) {
        if (!enabled) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("INSERT INTO webhook_deliveries (payload, state, attempts, next_attempt_at, created_at) "
                + "VALUES (?, 'PENDING', 0, ?, ?)", payload, now, now);
    }
}
