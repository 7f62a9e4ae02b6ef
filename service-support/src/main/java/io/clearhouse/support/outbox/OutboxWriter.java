package io.clearhouse.support.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds messages to the service's transactional outbox ({@code outbox} in its schema) inside the
 * caller's database transaction: they exist exactly when the effect they announce commits, and
 * {@link OutboxRelay} publishes them afterwards, in the order they were added.
 */
public class OutboxWriter {

    /** One message to publish: topic, Kafka key and the event record (serialised as JSON). */
    public record Message(String topic, String key, Object event) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final OutboxSignal signal;

    public OutboxWriter(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this(jdbc, json, clock, new OutboxSignal());
    }

    /** With the signal that wakes the relay once the messages' transaction has committed. */
    public OutboxWriter(JdbcTemplate jdbc, JsonMapper json, Clock clock, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.signal = signal;
    }

    /** Adds one message; must run in the transaction of the effect it announces. */
    public void add(String topic, String key, Object event) {
        jdbc.update("INSERT INTO outbox (topic, msg_key, payload, created_at) VALUES (?, ?, ?, ?)", topic, key,
                payload(event), Timestamp.from(clock.instant()));
        signal.afterCommit();
    }

    /** Adds many messages in one statement, keeping their order (so a key's events leave in order). */
    public void addAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        String[] topics = new String[messages.size()];
        String[] keys = new String[messages.size()];
        String[] payloads = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            topics[i] = messages.get(i).topic();
            keys[i] = messages.get(i).key();
            payloads[i] = payload(messages.get(i).event());
        }
        // WITH ORDINALITY keeps the ids in the order given
        jdbc.update("""
                INSERT INTO outbox (topic, msg_key, payload, created_at)
                SELECT m.topic, m.msg_key, m.payload, ? FROM unnest(?::text[], ?::text[], ?::text[])
                    WITH ORDINALITY AS m(topic, msg_key, payload, n) ORDER BY m.n""",
                Timestamp.from(clock.instant()), topics, keys, payloads);
        signal.afterCommit();
    }

    /** The wire form of an event: JSON text as the service's mapper writes it; a String is taken as JSON already. */
    private String payload(Object event) {
        return event instanceof String s ? s : json.writeValueAsString(event);
    }
}
