package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.StackTls;
import io.clearhouse.launcher.demo.GatewayClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of single transactions: from the provider receiving its 202 (durable in Kafka)
 * to the transaction recorded by ingest ({@code ingest.transactions.recorded_at}) and to it counted by
 * settlement ({@code settlement.processed_transactions.processed_at}, stamped in the same database
 * transaction that adds it to the running aggregates). Both stamps are taken by the services' clocks
 * inside the transaction, a moment before its commit; all clocks are this machine's. Sent at a
 * constant rate with the realistic mix (resends have no new effect and are not timed). Also
 * checks that every accepted transaction arrived, once.
 */
final class EndToEndBenchmark {

    private static final int PROVIDERS = 4;

    private final StackConfig config;
    private final GatewayClient gateway;
    private final List<String> gateways;
    private final String name;

    EndToEndBenchmark(StackConfig config, GatewayClient gateway) {
        this(config, gateway, List.of(config.serviceUrl("gateway")), "e2e");
    }

    /** Over several gateways (round-robin): the scale-out benchmark. */
    EndToEndBenchmark(StackConfig config, GatewayClient gateway, List<String> gateways, String name) {
        this.config = config;
        this.gateway = gateway;
        this.gateways = List.copyOf(gateways);
        this.name = name;
    }

    /** @param jitWarmupSeconds at most, before the 3 s at the rate ({@link JitWarmup}; 0: none) */
    BenchReport run(int rate, int seconds, int jitWarmupSeconds) throws Exception {
        BenchReport report = new BenchReport(name);
        MachineLimits.measure(report, config);
        List<String> providers = new ArrayList<>();
        for (int p = 1; p <= PROVIDERS; p++) {
            providers.add("bench-" + p);
        }
        String run = "e" + Long.toString(Instant.now().getEpochSecond(), 36);
        TrafficMix mix = TrafficMix.realistic(providers, run, 7L);
        List<TrafficMix.Outgoing> warmup = TrafficMix.realistic(providers, run + "w", 8L).next(rate * 3);
        List<TrafficMix.Outgoing> requests = mix.next(rate * seconds);
        Map<String, Instant> acceptedAt = new ConcurrentHashMap<>();
        OpenModelLoad.Result sent;
        try (OpenModelLoad load = new OpenModelLoad(gateways,
                config.tls() ? StackTls.trust(config) : null, gateway, 20_000)) {
            if (jitWarmupSeconds > 0) {
                report.note(JitWarmup.run(load, TrafficMix.realistic(providers, run + "j", 9L), rate, jitWarmupSeconds,
                        config.home().toString()).describe());
            }
            load.run(warmup, rate, null);
            sent = load.run(requests, rate, (o, at) -> {
                if (!o.duplicate()) {
                    acceptedAt.putIfAbsent(key(o.providerId(), o.providerTxId()), at);
                }
            });
        }
        Histogram recorded = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Histogram counted = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long[] missing = await(run, acceptedAt, recorded, counted);
        report.figure("offered rate (open model, " + seconds + " s after 3 s warm-up)", rate, "req/s");
        report.figure("accepted (202), distinct transactions", acceptedAt.size(), "");
        report.figure("202 -> recorded by ingest: p50", recorded.getValueAtPercentile(50) / 1e3, "ms");
        report.figure("202 -> recorded by ingest: p99", recorded.getValueAtPercentile(99) / 1e3, "ms");
        report.figure("202 -> recorded by ingest: max", recorded.getMaxValue() / 1e3, "ms");
        report.figure("202 -> counted by settlement: p50", counted.getValueAtPercentile(50) / 1e3, "ms");
        report.figure("202 -> counted by settlement: p99", counted.getValueAtPercentile(99) / 1e3, "ms");
        report.figure("202 -> counted by settlement: max", counted.getMaxValue() / 1e3, "ms");
        report.figure("request latency (scheduled send -> 202): p99", sent.percentileMs(99), "ms");
        report.figure("rollbacks parked: their bet was never accepted (client timeout)", missing[3], "");
        report.figure("accepted but not recorded by ingest (lost)", missing[0], "");
        report.figure("accepted but not counted by settlement (lost)", missing[1], "");
        report.figure("recorded more than once (duplicated)", missing[2], "");
        report.note("target p99 <= 1 s (202 -> counted by settlement); aim p99 <= 250 ms. Gateways: " + gateways);
        return report;
    }

    /**
     * Waits (bounded: 3 minutes) until ingest and settlement hold every accepted transaction, then
     * records each one's latencies; returns {not recorded, not counted, recorded twice, parked}. A
     * rollback whose bet the generator never saw accepted (its request timed out) is rightly parked by
     * ingest, not recorded: it is expected there and not counted as lost.
     */
    private long[] await(String run, Map<String, Instant> acceptedAt, Histogram recorded, Histogram counted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (Connection pg = BenchEnvironment.superuser(config)) {
            long[] counts = {0, 0};
            Set<String> parked = Set.of();
            while (System.nanoTime() < deadline) {
                counts = counts(pg, run);
                parked = parkedWithoutAcceptedBet(pg, run, acceptedAt);
                long expected = acceptedAt.size() - parked.size();
                if (counts[0] >= expected && counts[1] >= expected) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            parked.forEach(acceptedAt::remove);
            eachRow(pg, run, """
                    SELECT provider_id, provider_tx_id, recorded_at FROM ingest.transactions
                    WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE ?""",
                    rs -> record(acceptedAt, key(rs.getString(1), rs.getString(2)), rs.getTimestamp(3).toInstant(),
                            recorded));
            eachRow(pg, run, """
                    SELECT provider_id, provider_tx_id, processed_at FROM settlement.processed_transactions
                    WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE ?""",
                    rs -> record(acceptedAt, key(rs.getString(1), rs.getString(2)), rs.getTimestamp(3).toInstant(),
                            counted));
            long[] duplicated = {0};
            eachRow(pg, run, """
                    SELECT count(*) - count(DISTINCT (provider_id, provider_tx_id)) FROM settlement.processed_transactions
                    WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE ?""", rs -> duplicated[0] = rs.getLong(1));
            return new long[] {acceptedAt.size() - recorded.getTotalCount(), acceptedAt.size() - counted.getTotalCount(),
                    duplicated[0], parked.size()};
        }
    }

    /** Accepted rollbacks ingest parked because their bet was never accepted (provider, newline, id). */
    private static Set<String> parkedWithoutAcceptedBet(Connection pg, String run, Map<String, Instant> acceptedAt)
            throws Exception {
        Set<String> parked = new HashSet<>();
        eachRow(pg, run, """
                SELECT provider_id, provider_tx_id, ref_tx_id FROM ingest.parked_rollbacks
                WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE ?""", rs -> {
            String key = key(rs.getString(1), rs.getString(2));
            if (acceptedAt.containsKey(key) && !acceptedAt.containsKey(key(rs.getString(1), rs.getString(3)))) {
                parked.add(key);
            }
        });
        return parked;
    }

    /** How a transaction is keyed in {@code acceptedAt}. */
    private static String key(String providerId, String providerTxId) {
        return providerId + "\n" + providerTxId;
    }

    /** Runs {@code sql}, whose one parameter is this run's id pattern, handing each row to {@code row}. */
    private static void eachRow(Connection pg, String run, String sql, Row row) throws Exception {
        try (PreparedStatement st = pg.prepareStatement(sql)) {
            st.setString(1, run + "-%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Row {
        void accept(ResultSet rs) throws java.sql.SQLException;
    }

    private static long[] counts(Connection pg, String run) throws Exception {
        try (PreparedStatement st = pg.prepareStatement("""
                SELECT (SELECT count(*) FROM ingest.transactions WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE ?),
                       (SELECT count(*) FROM settlement.processed_transactions
                        WHERE provider_id LIKE 'bench-%' AND provider_tx_id LIKE ?)""")) {
            st.setString(1, run + "-%");
            st.setString(2, run + "-%");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static void record(Map<String, Instant> acceptedAt, String key, Instant at, Histogram into) {
        Instant accepted = acceptedAt.get(key);
        if (accepted != null) {
            long micros = java.time.Duration.between(accepted, at).toNanos() / 1_000;
            // a service may stamp its row a moment before the provider has read its 202: that is 0, not negative
            into.recordValue(Math.min(into.getHighestTrackableValue(), Math.max(0, micros)));
        }
    }
}
