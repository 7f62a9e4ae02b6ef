package io.clearhouse.gateway.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes access records asynchronously, in batches of up to {@value #BATCH} rows per statement,
 * from a bounded queue, lingering up to 100 ms for a batch of 500 so that a steady trickle of
 * requests does not cost a commit each. Recording never waits: when the queue is full (the database is slow or
 * away) the record is dropped and counted in {@code clearhouse_gateway_access_log_dropped_total},
 * because an access log must not be able to stop ingest. A failed batch is dropped and counted the
 * same way. Stopping drains what is queued.
 */
@Component
public class AccessLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    static final int BATCH = 1_000;
    /** How long the writer waits for company before writing a small batch, and what counts as enough. */
    static final java.time.Duration LINGER = java.time.Duration.ofMillis(100);
    static final int LINGER_ROWS = 500;

    private final JdbcTemplate jdbc;
    private final BlockingQueue<AccessRecord> queue;
    private final Counter dropped;
    private final Counter written;
    private final Object writeLock = new Object();
    /** Records accepted into the queue and not yet written or dropped. */
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running;
    private Thread worker;

    AccessLogWriter(JdbcTemplate jdbc, MeterRegistry meters,
                    @Value("${clearhouse.gateway.access-log.queue-capacity:50000}") int capacity) {
        this.jdbc = jdbc;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("clearhouse.gateway.access.log.dropped")
                .description("access records not written: queue full or database failure").register(meters);
        this.written = Counter.builder("clearhouse.gateway.access.log.written").register(meters);
        Gauge.builder("clearhouse.gateway.access.log.queued", queue, BlockingQueue::size).register(meters);
    }

    /** Never blocks. */
    public void record(AccessRecord record) {
        pending.incrementAndGet();
        if (!queue.offer(record)) {
            pending.decrementAndGet();
            dropped.increment();
        }
    }

    /** Writes everything recorded so far, including a batch the writer thread holds (tests and shutdown). */
    public void flush() {
        List<AccessRecord> batch = new ArrayList<>(BATCH);
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
        for (int i = 0; i < 500 && pending.get() > 0; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<AccessRecord> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                AccessRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                fill(batch);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Lingers up to {@link #LINGER} for up to {@link #LINGER_ROWS} rows: at a few hundred requests a
     * second this turns an insert and commit per one or two rows (on the database ingest shares)
     * into one per batch, at the cost of records appearing a moment later. A full queue is drained
     * at once, up to {@link #BATCH}.
     */
    private void fill(List<AccessRecord> batch) throws InterruptedException {
        queue.drainTo(batch, BATCH - batch.size());
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (running && batch.size() < LINGER_ROWS) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            AccessRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    private void write(List<AccessRecord> batch) {
        synchronized (writeLock) {
            try {
                jdbc.execute((Connection c) -> {
                    try (PreparedStatement ps = c.prepareStatement("""
                            INSERT INTO access_log (occurred_at, client_id, role, provider_id, source_ip, method, path,
                                                    status, latency_ms, request_id, refusal)
                            SELECT * FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
                                                 ?::text[], ?::text[], ?::smallint[], ?::int[], ?::text[], ?::text[])""")) {
                        int n = batch.size();
                        Timestamp[] at = new Timestamp[n];
                        String[][] text = new String[9][n];
                        Integer[] status = new Integer[n];
                        Integer[] latency = new Integer[n];
                        for (int i = 0; i < n; i++) {
                            AccessRecord r = batch.get(i);
                            at[i] = Timestamp.from(r.occurredAt());
                            text[0][i] = r.clientId();
                            text[1][i] = r.role();
                            text[2][i] = r.providerId();
                            text[3][i] = r.sourceIp();
                            text[4][i] = r.method();
                            text[5][i] = r.path();
                            text[6][i] = r.requestId();
                            text[7][i] = r.refusal();
                            status[i] = r.status();
                            latency[i] = r.latencyMs();
                        }
                        ps.setArray(1, c.createArrayOf("timestamptz", at));
                        for (int k = 0; k < 6; k++) {
                            ps.setArray(2 + k, c.createArrayOf("text", text[k]));
                        }
                        ps.setArray(8, c.createArrayOf("int2", status));
                        ps.setArray(9, c.createArrayOf("int4", latency));
                        ps.setArray(10, c.createArrayOf("text", text[6]));
                        ps.setArray(11, c.createArrayOf("text", text[7]));
                        return ps.executeUpdate();
                    }
                });
                written.increment(batch.size());
            } catch (RuntimeException e) {
                dropped.increment(batch.size());
                log.warn("Could not write {} access records: {}", batch.size(), e.getMessage());
            } finally {
                pending.addAndGet(-batch.size());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::run, "access-log-writer");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            try {
                worker.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops late), so that the last requests are still written. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
