package io.clearhouse.ingest.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox to Kafka in id order, a batch at a time: send every message of the batch
 * (idempotent producer, acks=all), wait for all acknowledgements, then delete the batch's rows in the
 * same database transaction that locked them. A crash after the broker acknowledged but before the
 * delete commits publishes those messages again; consumers dedupe ({@code transactionId},
 * {@code eventId}). Nothing is lost: a row leaves the outbox only after Kafka has it. One relay runs
 * at a time across instances (transaction-scoped advisory lock), which keeps each key's order.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final int batchSize;
    private final long idleMs;
    private final Counter published;
    private final AtomicLong lastBacklog = new AtomicLong();
    private volatile Thread worker;
    private volatile boolean running;

    OutboxRelay(JdbcTemplate jdbc, PlatformTransactionManager txManager, ProducerFactory<Object, Object> producerFactory,
                MeterRegistry meters,
                @Value("${clearhouse.ingest.outbox.batch-size:1000}") int batchSize,
                @Value("${clearhouse.ingest.outbox.idle-ms:100}") long idleMs) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.kafka = stringTemplate(producerFactory);
        this.batchSize = batchSize;
        this.idleMs = idleMs;
        this.published = Counter.builder("clearhouse.ingest.outbox.published").register(meters);
        Gauge.builder("clearhouse.ingest.outbox.backlog", lastBacklog, AtomicLong::get)
                .description("Outbox rows seen waiting at the relay's last pass").register(meters);
    }

    /** Payloads are already JSON text; acks=all, idempotent, whatever the shared producer says. */
    private static KafkaTemplate<String, String> stringTemplate(ProducerFactory<Object, Object> shared) {
        Map<String, Object> props = new LinkedHashMap<>(shared.getConfigurationProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        long backoffMs = idleMs;
        while (running) {
            try {
                int n = relayOnce();
                backoffMs = idleMs;
                if (n < batchSize) {
                    TimeUnit.MILLISECONDS.sleep(idleMs);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox relay failed, retrying in {} ms: {}", backoffMs, e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    private record Row(long id, String topic, String key, String payload) {
    }

    /** Publishes one batch; returns how many messages left the outbox. */
    int relayOnce() {
        Integer n = tx.execute(status -> {
            Boolean mine = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext('ingest.outbox.relay'))",
                    Boolean.class);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            List<Row> rows = jdbc.query("SELECT id, topic, msg_key, payload FROM outbox ORDER BY id LIMIT ?",
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), batchSize);
            lastBacklog.set(rows.size());
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
            for (Row r : rows) {
                sends.add(kafka.send(r.topic(), r.key(), r.payload()));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing the outbox", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
            }
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            jdbc.update("DELETE FROM outbox WHERE id = ANY(?)", (Object) ids);
            published.increment(rows.size());
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    /** Rows still waiting, for status answers and tests. */
    long backlog() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class);
        return n == null ? 0 : n;
    }
}
