package io.clearhouse.settlement.statement;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows in order (acks=all, idempotent producer) and marks them published. Delivery is
 * at least once: a crash between send and mark sends again, and consumers dedupe by event id.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH_MAX = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, ProducerFactory<Object, Object> producerFactory, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        Map<String, Object> config = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    private record Row(long seq, String topic, String key, String payload) {
    }

    @Scheduled(fixedDelayString = "${clearhouse.settlement.outbox-poll-ms:250}")
    void relay() {
        try {
            Integer sent;
            do {
                sent = tx.execute(status -> publishBatch());
            } while (sent != null && sent == BATCH_MAX);
        } catch (RuntimeException e) {
            log.warn("Outbox relay failed, will retry: {}", e.toString());
        }
    }

    private int publishBatch() {
        List<Row> rows = jdbc.query("""
                SELECT seq, topic, message_key, payload FROM outbox WHERE published_at IS NULL
                 ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), BATCH_MAX);
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> futures = new ArrayList<>(rows.size());
        for (Row r : rows) {
            futures.add(kafka.send(r.topic(), r.key(), r.payload()));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("outbox send failed", e);
        }
        String seqs = "{" + String.join(",", rows.stream().map(r -> Long.toString(r.seq())).toList()) + "}";
        jdbc.update("UPDATE outbox SET published_at = ? WHERE seq = ANY (?::bigint[])", Timestamp.from(clock.instant()),
                seqs);
        return rows.size();
    }
}
