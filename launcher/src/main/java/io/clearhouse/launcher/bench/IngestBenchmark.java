package io.clearhouse.launcher.bench;

import io.clearhouse.common.money.Money;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest end to end: batched HTTP requests through the gateway (202 = durable in Kafka), consumed
 * by ingest and committed as deduplicated rows. Reports transactions per second from the first
 * request to the last row committed, checks none was lost or duplicated, and prints the machine's
 * raw COPY and Kafka producer rates measured in the same run.
 */
public final class IngestBenchmark {

    private static final int BATCH = 1_000;
    private static final int SENDERS = 4;

    private final StackConfig config;
    private final GatewayClient gateway;

    public IngestBenchmark(StackConfig config, GatewayClient gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    public BenchReport run(int transactions, int ratePerSecond) throws Exception {
        BenchReport report = new BenchReport("ingest");
        try (Connection pg = superuser()) {
            report.figure("machine: PostgreSQL COPY (200k rows x ~280 B, PK)", MachineLimits.copyRowsPerSecond(pg, 200_000),
                    "rows/s");
        }
        report.figure("machine: Kafka producer (200k x 280 B, acks=all, idempotent)",
                MachineLimits.kafkaProducerMessagesPerSecond(config.kafkaBootstrap(), 200_000), "msgs/s");

        String run = "b" + Long.toString(Instant.now().getEpochSecond(), 36);
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int from = 0; from < transactions; from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(transactions, from + BATCH); i++) {
                batch.add(bet(run + "-" + i));
            }
            batches.add(batch);
        }
        // warm the path (tokens, JIT, connections) before the clock starts
        gateway.postBatch(provider(0), List.of(bet(run + "-warmup")));

        AtomicLong refused = new AtomicLong();
        long t0 = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            futures.add(senders.submit(() -> {
                for (int b = sender; b < batches.size(); b += SENDERS) {
                    int status = gateway.postBatch(provider(sender), batches.get(b)).status();
                    if (status != 202) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        senders.shutdown();
        double acceptedSeconds = (System.nanoTime() - t0) / 1e9;
        long expected = transactions + 1L;
        long[] seen = awaitRows(run, expected);
        double totalSeconds = (System.nanoTime() - t0) / 1e9;

        report.figure("gateway: transactions accepted (202, durable in Kafka)", transactions / acceptedSeconds, "tx/s");
        report.figure("end to end: HTTP 202 -> Kafka -> row committed", transactions / totalSeconds, "tx/s");
        report.figure("transactions sent", transactions, "");
        report.figure("rows committed", seen[0] - 1, "");
        report.figure("lost (sent - committed)", transactions - (seen[0] - 1), "");
        report.figure("duplicated (rows - distinct ids)", seen[0] - seen[1], "");
        report.figure("refused batches", refused.get(), "");
        report.note("target 5,000 tx/s end to end; moonshot 20,000 tx/s. " + SENDERS + " senders x batches of " + BATCH
                + "; every service, the broker, the database and the load generator share this machine.");
        singleRequests(report, run, ratePerSecond);
        return report;
    }

    /**
     * Open-model load: requests are fired on a fixed schedule whatever the answers do, and each
     * latency is measured from the request's scheduled time, so queueing shows (no coordinated
     * omission). A first run at the same rate warms both JVMs' compilers and is not counted.
     */
    private void singleRequests(BenchReport report, String run, int ratePerSecond) throws Exception {
        int warmupSeconds = 5;
        int seconds = 15;
        openModel(run + "-w", ratePerSecond, warmupSeconds);
        AtomicLong failed = new AtomicLong();
        long[] latencyNanos = openModel(run + "-s", ratePerSecond, seconds, failed);
        int total = latencyNanos.length;
        report.figure("single requests: offered rate (open model, " + seconds + " s after " + warmupSeconds
                + " s warm-up)", ratePerSecond, "req/s");
        report.figure("single requests: p50 latency", latencyNanos[total / 2] / 1e6, "ms");
        report.figure("single requests: p99 latency", latencyNanos[(int) (total * 0.99)] / 1e6, "ms");
        report.figure("single requests: max latency", latencyNanos[total - 1] / 1e6, "ms");
        report.figure("single requests: not 202 (refused, failed or timed out)", failed.get(), "");
        report.note("target p99 <= 50 ms at 1,000 req/s; moonshot p99 <= 25 ms at 2,000 req/s.");
    }

    private long[] openModel(String idPrefix, int ratePerSecond, int seconds) throws Exception {
        return openModel(idPrefix, ratePerSecond, seconds, new AtomicLong());
    }

    /** Sends {@code rate x seconds} single transactions on schedule; returns the sorted latencies. */
    private long[] openModel(String idPrefix, int ratePerSecond, int seconds, AtomicLong failed) throws Exception {
        int total = ratePerSecond * seconds;
        long[] latencyNanos = new long[total];
        ExecutorService workers = Executors.newFixedThreadPool(256);
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime() + 100_000_000L;
        List<Future<?>> futures = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            futures.add(workers.submit(() -> {
                int status;
                try {
                    status = gateway.postJson("/v1/transactions?providerId=" + provider(n % SENDERS),
                            bet(idPrefix + n), GatewayClient.Role.PROVIDER).status();
                } catch (java.io.IOException e) {
                    // a timed-out or refused connection is a failed request at the latency it took, not the end of the run
                    status = -1;
                }
                latencyNanos[n] = System.nanoTime() - scheduled;
                if (status != 202) {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        workers.shutdown();
        java.util.Arrays.sort(latencyNanos);
        return latencyNanos;
    }

    private long[] awaitRows(String run, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long[] seen = {0, 0};
        try (Connection pg = superuser(); Statement st = pg.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT provider_tx_id) "
                        + "FROM ingest.ledger_view WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE '" + run
                        + "-%'")) {
                    rs.next();
                    seen = new long[] {rs.getLong(1), rs.getLong(2)};
                }
                if (seen[0] >= expected) {
                    return seen;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        return seen;
    }

    private Connection superuser() throws Exception {
        // the embedded server asks its superuser for the generated password too
        return DriverManager.getConnection(config.jdbcUrl(), "postgres",
                io.clearhouse.launcher.Secrets.postgresSuperuserPassword(config.dataDir()));
    }

    private static String provider(int sender) {
        return "bench-" + (sender + 1);
    }

    private static Map<String, Object> bet(String id) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("providerTxId", id);
        tx.put("roundId", "r-" + id);
        tx.put("playerRef", "p" + (id.hashCode() & 0xffff));
        tx.put("brandId", "brand-bench");
        tx.put("gameId", "bench-slot");
        tx.put("gameType", "SLOT");
        tx.put("type", "BET");
        tx.put("amount", Money.ofMinor(100 + (id.hashCode() & 0x3ff), "EUR").toDecimalString());
        tx.put("currency", "EUR");
        tx.put("occurredAt", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString());
        return tx;
    }
}
