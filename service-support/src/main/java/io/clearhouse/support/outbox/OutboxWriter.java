package io.clearhouse.support.outbox;

import io.clearhouse.support.jdbc.TextArray;
import io.clearhouse.support.observability.Traceparent;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds messages to the service's transactional outbox ({@code outbox} in its schema) inside the
 * caller's database transaction: they exist exactly when the effect they announce commits, and
 * {@link OutboxRelay} publishes them afterwards, in the order they were added.
 *
 * <p>Each row keeps the W3C {@code traceparent} the relay sends as the record's header, so consumers
 * continue the trace of the work that wrote it: the message's own (a batch consumer has no current
 * span and passes each record's on) or else the current trace context's (an observed HTTP request),
 * written by the tracer's {@link Propagator}. Without a tracer, or outside any span, the row has none.
 */
public class OutboxWriter {

    /**
     * One message to publish: topic, Kafka key, the event record (serialised as JSON) and the W3C
     * {@code traceparent} of the work it belongs to (null: the current trace context's, if any).
     */
    public record Message(String topic, String key, Object event, String traceparent) {

        /** A message of the current trace context. */
        public Message(String topic, String key, Object event) {
            this(topic, key, event, null);
        }
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final OutboxSignal signal;
    private final Tracer tracer;
    private final Propagator propagator;

    public OutboxWriter(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this(jdbc, json, clock, new OutboxSignal());
    }

    /** With the signal that wakes the relay once the messages' transaction has committed. */
    public OutboxWriter(JdbcTemplate jdbc, JsonMapper json, Clock clock, OutboxSignal signal) {
        this(jdbc, json, clock, signal, null, null);
    }

    /**
     * With the tracer whose current context a message without its own {@code traceparent} takes;
     * either null (no tracing on the classpath or configured) stores none.
     */
    public OutboxWriter(JdbcTemplate jdbc, JsonMapper json, Clock clock, OutboxSignal signal, Tracer tracer,
                        Propagator propagator) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.signal = signal;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Adds one message of the current trace context; must run in the transaction of the effect it announces. */
    public void add(String topic, String key, Object event) {
        jdbc.update("INSERT INTO outbox (topic, msg_key, payload, created_at, traceparent) VALUES (?, ?, ?, ?, ?)",
                topic, key, payload(event), Timestamp.from(clock.instant()), currentTraceparent());
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
        String[] traceparents = new String[messages.size()];
        String current = messages.stream().allMatch(m -> m.traceparent() != null) ? null : currentTraceparent();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            topics[i] = m.topic();
            keys[i] = m.key();
            payloads[i] = payload(m.event());
            traceparents[i] = m.traceparent() != null ? m.traceparent() : current;
        }
        // WITH ORDINALITY keeps the ids in the order given
        jdbc.update("""
                INSERT INTO outbox (topic, msg_key, payload, created_at, traceparent)
                SELECT m.topic, m.msg_key, m.payload, ?, m.traceparent
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
                    WITH ORDINALITY AS m(topic, msg_key, payload, traceparent, n) ORDER BY m.n""",
                Timestamp.from(clock.instant()), new TextArray(topics), new TextArray(keys), new TextArray(payloads),
                new TextArray(traceparents));
        signal.afterCommit();
    }

    /** The current trace context as the W3C header the tracer's propagator writes, or null. */
    private String currentTraceparent() {
        if (tracer == null || propagator == null) {
            return null;
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(context, headers, Map::put);
        return headers.get(Traceparent.HEADER);
    }

    /** The wire form of an event: JSON text as the service's mapper writes it; a String is taken as JSON already. */
    private String payload(Object event) {
        return event instanceof String s ? s : json.writeValueAsString(event);
    }
}
