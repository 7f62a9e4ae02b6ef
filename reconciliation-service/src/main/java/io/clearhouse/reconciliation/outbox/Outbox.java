package io.clearhouse.reconciliation.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an event to the outbox in the caller's transaction: it reaches Kafka only if the effect
 * it describes commits, and then at least once ({@link OutboxRelay}).
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    Outbox(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void add(String topic, String key, Object event) {
        jdbc.update("INSERT INTO outbox (topic, key, payload) VALUES (?, ?, ?)", topic, key,
                json.writeValueAsString(event));
    }
}
