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
    private static final int PROVIDERS = 8;

    private final StackConfig config;
    private final GatewayClient gateway;

    public IngestBenchmark(StackConfig config, GatewayClient gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    public BenchReport run(int transactions) throws Exception {
        BenchReport report = new BenchReport("ingest");
        MachineLimits.measure(report, config);

        String run = "b" + Long.toString(Instant.now().getEpochSecond(), 36);
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int from = 0; from < transactions; from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(transactions, from + BATCH); i++) {
                batch.add(bet(run + "-" + i));
            }
            batches.add(batch);
        }
        // warm the path (clients, tokens, JIT, connections) before the clock starts
        for (int p = 0; p < PROVIDERS; p++) {
            gateway.postBatch(provider(p), List.of(bet(run + "-warmup-" + p)));
        }

        AtomicLong refused = new AtomicLong();
        String marker = config.home().toString();
        Map<String, java.time.Duration> cpuBefore = BenchEnvironment.cpu(marker);
        long t0 = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            futures.add(senders.submit(() -> {
                for (int b = sender; b < batches.size(); b += SENDERS) {
                    // batches rotate over the providers: each client's rate limit (2,000 tx/s by default) is its own
                    int status = gateway.postBatch(provider(b % PROVIDERS), batches.get(b)).status();
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
        long expected = transactions + (long) PROVIDERS;
        long[] seen = awaitRows(run, expected);
        double totalSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, java.time.Duration> cpuAfter = BenchEnvironment.cpu(marker);

        report.figure("gateway: transactions accepted (202, durable in Kafka)", transactions / acceptedSeconds, "tx/s",
                BenchReport.KAFKA);
        report.figure("end to end: HTTP 202 -> Kafka -> row committed", transactions / totalSeconds, "tx/s",
                BenchReport.COPY);
        report.figure("transactions sent", transactions, "");
        report.figure("rows committed", seen[0] - PROVIDERS, "");
        report.figure("lost (sent - committed)", transactions - (seen[0] - PROVIDERS), "");
        report.figure("duplicated (rows - distinct ids)", seen[0] - seen[1], "");
        report.figure("refused batches", refused.get(), "");
        StringBuilder cpu = new StringBuilder();
        cpuAfter.forEach((part, d) -> cpu.append(part).append(' ').append(String.format(java.util.Locale.ROOT, "%.1f",
                (d.toNanos() - cpuBefore.getOrDefault(part, java.time.Duration.ZERO).toNanos()) / 1e3 / transactions))
                .append(", "));
        report.note("CPU per transaction (microseconds, by part): " + cpu);
        report.note("target 5,000 tx/s end to end; aim 20,000 tx/s. " + SENDERS + " senders x batches of " + BATCH
                + " over " + PROVIDERS + " providers; every service, the broker, the database and the load generator "
                + "share this machine. Single requests: ./clearhouse bench latency.");
        return report;
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
        return BenchEnvironment.superuser(config);
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
