package io.clearhouse.ingest.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds messages to the transactional outbox inside the caller's database transaction: they exist
 * exactly when the rows they announce exist, and {@link OutboxRelay} publishes them after commit.
 */
@Component
public class OutboxWriter {

    /** One message to publish: topic, Kafka key and the event record (serialised as JSON). */
    public record Message(String topic, String key, Object event) {
    }

    /** The wire form: Jackson 3 defaults (ISO-8601 instants and dates), no type headers. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    OutboxWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String toJson(Object event) {
        return JSON.writeValueAsString(event);
    }

    public void add(List<Message> messages, Instant now) {
        if (messages.isEmpty()) {
            return;
        }
        String[] topics = new String[messages.size()];
        String[] keys = new String[messages.size()];
        String[] payloads = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            topics[i] = messages.get(i).topic();
            keys[i] = messages.get(i).key();
            payloads[i] = toJson(messages.get(i).event());
        }
        // WITH ORDINALITY keeps the ids in the order given, so a round's events leave in order
        jdbc.update("""
                INSERT INTO outbox (topic, msg_key, payload, created_at)
                SELECT m.topic, m.msg_key, m.payload, ? FROM unnest(?::text[], ?::text[], ?::text[])
                    WITH ORDINALITY AS m(topic, msg_key, payload, n) ORDER BY m.n""",
                Timestamp.from(now), topics, keys, payloads);
    }
}
