package io.clearhouse.settlement.statement;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an event into the outbox inside the caller's transaction; {@link OutboxRelay} sends it after commit. */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public void add(String topic, String key, Object event) {
        jdbc.update("INSERT INTO outbox (topic, message_key, payload, created_at) VALUES (?, ?, ?, ?)", topic, key,
                json.writeValueAsString(event), Timestamp.from(clock.instant()));
    }
}
