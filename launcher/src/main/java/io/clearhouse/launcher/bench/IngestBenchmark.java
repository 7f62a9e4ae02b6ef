package io.clearhouse.launcher.bench;

import io.clearhouse.common.money.Money;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * raw COPY and Kafka producer rates measured in the same run. The clock starts after a warm-up through the
 * same path ({@code CLEARHOUSE_BENCH_INGEST_WARMUP}), so the figure is the stack's steady state, not its JIT's first minutes.
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

    /** @param warmup transactions sent through the same path, and drained downstream, before the clock starts */
    public BenchReport run(int transactions, int warmup) throws Exception {
        BenchReport report = new BenchReport("ingest");
        MachineLimits.measure(report, config);

        String run = "b" + Long.toString(Instant.now().getEpochSecond(), 36);
        List<List<Map<String, Object>>> batches = batches(run, transactions);
        long consumed = consumed();
        // warm the path (clients, tokens, connections) before the clock starts
        for (int p = 0; p < PROVIDERS; p++) {
            gateway.postBatch(provider(p), List.of(bet(run + "-warmup-" + p)));
        }
        // and the JIT of every JVM on it: a steady-state figure, not the first minute after a start
        long[] warmRefused = send(batches(run + "w", warmup));
        awaitConsumed(consumed + PROVIDERS + warmup - warmRefused[1]);
        awaitDownstreamIdle();

        String marker = config.home().toString();
        consumed = consumed();
        Map<String, java.time.Duration> cpuBefore = BenchEnvironment.cpuWithLoadGenerator(marker);
        Map<String, java.time.Duration> jitBefore = BenchEnvironment.jitCpu(marker);
        long t0 = System.nanoTime();
        long[] refused = send(batches);
        double acceptedSeconds = (System.nanoTime() - t0) / 1e9;
        awaitConsumed(consumed + transactions - refused[1]);
        double totalSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, java.time.Duration> cpuAfter = BenchEnvironment.cpuWithLoadGenerator(marker);
        Map<String, java.time.Duration> jitAfter = BenchEnvironment.jitCpu(marker);
        long[] seen = rows(run);

        report.figure("gateway: transactions accepted (202, durable in Kafka)", transactions / acceptedSeconds, "tx/s",
                BenchReport.KAFKA);
        report.figure("end to end: HTTP 202 -> Kafka -> row committed", transactions / totalSeconds, "tx/s",
                BenchReport.COPY);
        report.figure("transactions sent", transactions, "");
        report.figure("warm-up transactions before the clock (not timed)", warmup, "");
        report.figure("rows committed", seen[0] - PROVIDERS, "");
        report.figure("lost (sent - committed)", transactions - (seen[0] - PROVIDERS), "");
        report.figure("duplicated (rows - distinct ids)", seen[0] - seen[1], "");
        report.figure("refused batches", refused[0], "");
        report.note("CPU per transaction (microseconds, by part): " + perTransaction(cpuBefore, cpuAfter, transactions));
        report.note("of it the JIT compiler threads' (microseconds, by part): "
                + perTransaction(jitBefore, jitAfter, transactions));
        report.note("target 5,000 tx/s end to end; aim 20,000 tx/s. " + SENDERS + " senders x batches of " + BATCH
                + " over " + PROVIDERS + " providers; every service, the broker, the database and the load generator "
                + "share this machine. Measured after a warm-up of " + warmup + " transactions through the same path "
                + "(CLEARHOUSE_BENCH_INGEST_WARMUP), committed, published and counted downstream before the clock starts. "
                + "Single requests: ./clearhouse bench latency.");
        return report;
    }

    private static String perTransaction(Map<String, java.time.Duration> before, Map<String, java.time.Duration> after,
                                         int transactions) {
        StringBuilder s = new StringBuilder();
        after.forEach((part, d) -> s.append(part).append(' ').append(String.format(java.util.Locale.ROOT, "%.1f",
                1e3 * BenchEnvironment.msPer(before.get(part), d, transactions))).append(", "));
        return s.toString();
    }

    private static List<List<Map<String, Object>>> batches(String run, int transactions) {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int from = 0; from < transactions; from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(transactions, from + BATCH); i++) {
                batch.add(bet(run + "-" + i));
            }
            batches.add(batch);
        }
        return batches;
    }

    /** Sends the batches from {@link #SENDERS} threads; returns how many batches, and transactions, were refused. */
    private long[] send(List<List<Map<String, Object>>> batches) throws Exception {
        AtomicLong refused = new AtomicLong();
        AtomicLong refusedTransactions = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                futures.add(senders.submit(() -> {
                    for (int b = sender; b < batches.size(); b += SENDERS) {
                        // batches rotate over the providers: each client's rate limit (2,000 tx/s by default) is its own
                        int status = gateway.postBatch(provider(b % PROVIDERS), batches.get(b)).status();
                        if (status != 202) {
                            refused.incrementAndGet();
                            refusedTransactions.addAndGet(batches.get(b).size());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        return new long[] {refused.get(), refusedTransactions.get()};
    }

    /**
     * Waits (at most 5 minutes) until the warm-up's work downstream is done too: ingest's outbox is empty
     * and settlement's and reporting's tables have stopped growing for 3 s, so the measured run does not
     * pay for the warm-up's backlog.
     */
    private void awaitDownstreamIdle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String sql = "SELECT (SELECT count(*) FROM ingest.outbox), (SELECT coalesce(sum(n_tup_ins), 0) "
                + "FROM pg_stat_user_tables WHERE schemaname IN ('settlement', 'reporting'))";
        try (Connection pg = superuser(); Statement st = pg.createStatement()) {
            long last = -1;
            long stableSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long outbox;
                long inserted;
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    outbox = rs.getLong(1);
                    inserted = rs.getLong(2);
                }
                if (outbox > 0 || inserted != last) {
                    last = inserted;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince >= TimeUnit.SECONDS.toNanos(3)) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /**
     * Transactions of the bench's providers ingest has judged so far, from the summary it adds to in the same
     * database transaction as the rows: a few dozen rows to read, where counting the run's rows would scan the
     * ledger while the clock runs (a parallel scan over millions of rows every poll, competing with the stack).
     * Not the stored Kafka offsets: the gateway publishes each batch in a Kafka transaction, whose commit
     * markers take offsets too.
     */
    private long consumed() throws Exception {
        try (Connection pg = superuser()) {
            return consumed(pg);
        }
    }

    private static long consumed(Connection pg) throws Exception {
        try (Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(sum(recorded + duplicates + conflicts + rejected), 0) "
                     + "FROM ingest.summary_counts WHERE provider_id LIKE 'bench-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits (at most 10 minutes) until ingest has judged and committed the records up to {@code target}. */
    private void awaitConsumed(long target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try (Connection pg = superuser()) {
            while (System.nanoTime() < deadline && consumed(pg) < target) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    /** The run's rows in the ledger and how many distinct ids they hold, counted once, by index. */
    private long[] rows(String run) throws Exception {
        String[] providers = new String[PROVIDERS];
        for (int p = 0; p < PROVIDERS; p++) {
            providers[p] = provider(p);
        }
        try (Connection pg = superuser(); PreparedStatement st = pg.prepareStatement("SELECT count(*), "
                + "count(DISTINCT provider_tx_id) FROM ingest.ledger_view WHERE provider_id = ANY (?) "
                + "AND provider_tx_id >= ? AND provider_tx_id < ?")) {
            // the ids run + "-…": '.' follows '-' in every collation's order of these ASCII ids
            st.setArray(1, pg.createArrayOf("text", providers));
            st.setString(2, run + "-");
            st.setString(3, run + ".");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
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
