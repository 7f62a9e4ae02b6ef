package io.clearhouse.support.outbox;

import io.clearhouse.support.observability.Traceparent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the service's outbox to Kafka in id order, a batch at a time, on its own thread: in one
 * database transaction it takes the relay lock, reads the oldest {@code batchSize} rows, sends them
 * all (idempotent producer, acks=all), flushes, waits for every acknowledgement, then deletes the
 * batch's rows and commits. A crash after the broker acknowledged but before the delete committed
 * publishes those messages again (at least once; every event carries an id consumers dedupe on).
 * Nothing is lost: a row leaves the outbox only after Kafka has it. A row's {@code traceparent} (see
 * {@link OutboxWriter}) goes out as the record's W3C {@code traceparent} header.
 *
 * <p>One relay runs at a time across a service's replicas: the transaction-scoped advisory lock
 * {@code hashtext(<schema>.outbox.relay)} is taken with {@code pg_try_advisory_xact_lock}, so the
 * others skip the round instead of waiting, and a key's messages leave in the order they were written.
 * A full batch is followed at once by the next (throughput under load: one commit and one flush per
 * batch); a partial one by a wait of up to {@code idleMs} that ends as soon as {@link OutboxWriter}'s
 * messages commit ({@link OutboxSignal}), so a lone message leaves at once and an idle service polls
 * once per {@code idleMs}. Failures back off exponentially up to 10 s.
 *
 * <p>Metrics, tagged {@code service}: {@code clearhouse.outbox.published} (messages acknowledged and
 * deleted), {@code clearhouse.outbox.failures} (relay rounds that failed and will be retried),
 * {@code clearhouse.outbox.pending} (rows waiting, counted at scrape).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final long BACKOFF_MAX_MS = 10_000;
    static final long ACK_TIMEOUT_SECONDS = 60;

    private record Row(long id, String topic, String key, String payload, String traceparent) {

        /**
         * The record as written, with the writer's {@code traceparent} as its header. Nothing else adds
         * one: the relay's template is built by hand ({@code OutboxAutoConfiguration}), is no bean and is
         * never observed (a {@link KafkaTemplate}'s observation is off unless switched on, and Boot's
         * {@code spring.kafka.template.observation-enabled} reaches only the template Boot builds), so a
         * record carries the trace of the work that wrote it, not the relay thread's (which has none).
         */
        ProducerRecord<String, String> record() {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
            if (traceparent != null) {
                record.headers().add(Traceparent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
            }
            return record;
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final int batchSize;
    private final long idleMs;
    private final Counter published;
    private final Counter failures;
    private final OutboxSignal signal;
    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(JdbcTemplate jdbc, PlatformTransactionManager txManager, KafkaTemplate<String, String> kafka,
                       OutboxProperties properties, MeterRegistry meters, String service) {
        this(jdbc, txManager, kafka, properties, meters, service, new OutboxSignal());
    }

    public OutboxRelay(JdbcTemplate jdbc, PlatformTransactionManager txManager, KafkaTemplate<String, String> kafka,
                       OutboxProperties properties, MeterRegistry meters, String service, OutboxSignal signal) {
        this.signal = signal;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.kafka = kafka;
        this.batchSize = properties.batchSize();
        this.idleMs = properties.idleMs();
        this.published = Counter.builder("clearhouse.outbox.published").tag("service", service)
                .description("Outbox messages acknowledged by Kafka and removed from the outbox").register(meters);
        this.failures = Counter.builder("clearhouse.outbox.failures").tag("service", service)
                .description("Outbox relay rounds that failed (database or Kafka) and will be retried").register(meters);
        Gauge.builder("clearhouse.outbox.pending", jdbc, OutboxRelay::pending).tag("service", service)
                .description("Outbox rows waiting to be published").register(meters);
    }

    private static double pending(JdbcTemplate jdbc) {
        try {
            Long n = jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class);
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
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
        // the relay's own producer: closed with the relay, after its last batch
        if (kafka.getProducerFactory() instanceof DisposableBean producers) {
            try {
                producers.destroy();
            } catch (Exception e) {
                log.debug("Closing the outbox producer failed", e);
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
                    signal.await(idleMs);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures.increment();
                log.warn("Outbox relay failed, retrying in {} ms: {}", backoffMs, e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
            }
        }
    }

    /** Publishes one batch if this replica holds the relay lock; returns how many messages left the outbox. */
    public int relayOnce() {
        Integer n = tx.execute(status -> {
            Boolean mine = jdbc.queryForObject(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox.relay'))", Boolean.class);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            List<Row> rows = jdbc.query(
                    "SELECT id, topic, msg_key, payload, traceparent FROM outbox ORDER BY id LIMIT ?",
                    (rs, i) -> new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("msg_key"),
                            rs.getString("payload"), rs.getString("traceparent")), batchSize);
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
            for (Row r : rows) {
                sends.add(kafka.send(r.record()));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS,
                        TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing the outbox", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
            }
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            jdbc.update("DELETE FROM outbox WHERE id = ANY(?)", (Object) ids);
            return rows.size();
        });
        int sent = n == null ? 0 : n;
        published.increment(sent);
        return sent;
    }
}
