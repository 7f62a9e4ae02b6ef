package io.clearhouse.ingest.history;

import io.clearhouse.common.hash.CanonicalJson;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.transaction.TransactionHistoryEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.clearhouse.ingest.transaction.InvalidTransactionException;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Keeps what every service says about a transaction ({@link Topics#TRANSACTION_HISTORY}) for the
 * history API. Idempotent by {@code eventId} ({@code ON CONFLICT DO NOTHING}), so redeliveries and
 * producers' retries store each event once; Kafka offsets are committed after the insert. An
 * unreadable event goes to {@code transaction.history.v1.DLT}.
 */
@Component
class TransactionHistoryListener {

    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(TransactionHistoryListener.class));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    TransactionHistoryListener(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @KafkaListener(id = "ingest-history", groupId = "ingest-history", idIsGroup = false,
            topics = Topics.TRANSACTION_HISTORY, batch = "true",
            properties = "spring.json.value.default.type=io.clearhouse.common.transaction.TransactionHistoryEvent")
    void onBatch(List<ConsumerRecord<String, TransactionHistoryEvent>> records) {
        List<TransactionHistoryEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, TransactionHistoryEvent> r = records.get(i);
            DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(r,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
            if (unreadable != null || r.value() == null) {
                store(events);
                // the cause marks it as poison for the error handler: to the DLT at once, never retried
                throw new BatchListenerFailedException("unreadable history event",
                        unreadable != null ? unreadable : new InvalidTransactionException("empty history event"), i);
            }
            events.add(r.value());
        }
        store(events);
    }

    private void store(List<TransactionHistoryEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.batchUpdate("""
                INSERT INTO history_events (event_id, provider_id, provider_tx_id, service, action, actor, occurred_at,
                                            detail, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""", events, events.size(),
                (ps, e) -> {
                    ps.setString(1, e.eventId());
                    ps.setString(2, e.providerId());
                    ps.setString(3, e.providerTxId());
                    ps.setString(4, e.service());
                    ps.setString(5, e.action());
                    ps.setString(6, e.actor());
                    ps.setTimestamp(7, e.occurredAt() == null ? null : Timestamp.from(e.occurredAt()));
                    ps.setString(8, CanonicalJson.write(new TreeMap<String, Object>(e.detail())));
                    ps.setTimestamp(9, now);
                });
    }
}
