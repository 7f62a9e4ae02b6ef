package io.clearhouse.reconciliation.outbox;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays the outbox to Kafka in id order, a bounded batch at a time: rows are locked, sent
 * (acks=all, idempotent producer), and deleted only after every send of the batch is acknowledged.
 * A crash in between resends the batch; every event carries a deterministic id for consumers.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Row(long id, String topic, String key, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final int batchSize;
    private final Counter relayed;
    private final Counter failures;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, String> outboxKafkaTemplate,
                ReconciliationProperties props, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = outboxKafkaTemplate;
        this.batchSize = props.outbox().batchSize();
        this.relayed = meters.counter("recon.outbox.relayed");
        this.failures = meters.counter("recon.outbox.failures");
        meters.gauge("recon.outbox.pending", jdbc, j -> {
            try {
                Long n = j.queryForObject("SELECT count(*) FROM outbox", Long.class);
                return n == null ? 0 : n;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        });
    }

    @Scheduled(fixedDelayString = "${clearhouse.reconciliation.outbox.interval-ms:200}")
    void relay() {
        try {
            int n;
            do {
                n = relayBatch();
            } while (n == batchSize);
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("outbox relay failed; retrying next round: {}", e.toString());
        }
    }

    int relayBatch() {
        Integer sent = tx.execute(status -> {
            List<Row> rows = jdbc.query(
                    "SELECT id, topic, key, payload FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), batchSize);
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<SendResult<String, String>>> futures = new ArrayList<>(rows.size());
            for (Row r : rows) {
                futures.add(kafka.send(r.topic(), r.key(), r.payload()));
            }
            try {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("outbox batch not acknowledged", e);
            }
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            jdbc.update(con -> {
                var ps = con.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)");
                ps.setArray(1, con.createArrayOf("bigint", ids));
                return ps;
            });
            return rows.size();
        });
        int n = sent == null ? 0 : sent;
        relayed.increment(n);
        return n;
    }
}
