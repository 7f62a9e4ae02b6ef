package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.StackTls;
import io.clearhouse.launcher.demo.GatewayClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single-transaction requests, open model: a sweep of constant arrival rates (500, 1,000, 2,000,
 * 4,000 req/s by default), each after a short warm-up at the same rate that is not counted, with
 * the realistic mix (several providers and currencies, wins, rollbacks, 1 % resends), real tokens
 * and real signatures. For each rate: p50/p90/p99/p99.9/max from the scheduled send time (coordinated
 * omission corrected), achieved 202/s, failures, and the CPU each part of the stack spent per
 * request. Prints where the p99 knee is: the first rate whose p99 exceeds the target or which the
 * stack does not keep up with. A rate far past saturation (p99 over 5 s) ends the sweep.
 * <p>
 * The JVMs on two cores keep compiling long after they start: a gateway that served a few thousand
 * requests spent more CPU in its JIT compiler threads than on the requests. So the sweep starts with a
 * warm-up of its own until the compilers go quiet ({@link JitWarmup}, at most
 * {@code CLEARHOUSE_BENCH_WARMUP_SECONDS}), and the CPU per request of each part shows, in brackets, how
 * much of it the JIT spent in the measured window.
 */
final class LatencyBenchmark {

    static final List<Integer> DEFAULT_RATES = List.of(500, 1_000, 2_000, 4_000);
    static final double P99_TARGET_MS = 50;
    /** The rate at which the target p99 holds. */
    static final int TARGET_RATE = 1_000;
    private static final int PROVIDERS = 4;

    private final StackConfig config;
    private final GatewayClient gateway;

    LatencyBenchmark(StackConfig config, GatewayClient gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    /**
     * @param warmupSeconds    before each rate, at that rate, not counted
     * @param jitWarmupSeconds at most, once before the sweep (0: none)
     */
    BenchReport run(List<Integer> rates, int seconds, int warmupSeconds, int jitWarmupSeconds) throws Exception {
        BenchReport report = new BenchReport("latency");
        MachineLimits.measure(report, config);
        List<String> providers = new ArrayList<>();
        for (int p = 1; p <= PROVIDERS; p++) {
            providers.add("bench-" + p);
        }
        String run = "l" + Long.toString(Instant.now().getEpochSecond(), 36);
        String marker = config.home().toString();
        List<List<String>> rows = new ArrayList<>();
        Integer knee = null;
        Integer lastGood = null;
        try (OpenModelLoad load = new OpenModelLoad(config.serviceUrl("gateway"),
                config.tls() ? StackTls.trust(config) : null, gateway, 20_000)) {
            if (jitWarmupSeconds > 0) {
                // warmed toward the rate the target names (or the sweep's highest, if lower)
                int warmTarget = Math.min(TARGET_RATE, rates.stream().mapToInt(Integer::intValue).max().orElse(TARGET_RATE));
                report.note(JitWarmup.run(load, TrafficMix.realistic(providers, run + "-warm", 41L), warmTarget,
                        jitWarmupSeconds, marker).describe());
            }
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                TrafficMix mix = TrafficMix.realistic(providers, run + "-" + rate, 42L + rate);
                load.run(mix.next(rate * warmupSeconds), rate, null);
                List<TrafficMix.Outgoing> measured = mix.next(rate * seconds);
                Map<String, Duration> cpuBefore = BenchEnvironment.cpuWithLoadGenerator(marker);
                Map<String, Duration> jitBefore = BenchEnvironment.jitCpu(marker);
                long[] dbBefore = databaseWork();
                OpenModelLoad.Result r = load.run(measured, rate, null);
                Map<String, Duration> cpuAfter = BenchEnvironment.cpuWithLoadGenerator(marker);
                Map<String, Duration> jitAfter = BenchEnvironment.jitCpu(marker);
                long[] dbAfter = databaseWork();
                double p99 = r.percentileMs(99);
                if (knee == null && (p99 > P99_TARGET_MS || !r.keptUp())) {
                    knee = rate;
                } else if (knee == null) {
                    lastGood = rate;
                }
                rows.add(List.of(Integer.toString(rate), fmt(r.achievedRate()), fmt(r.percentileMs(50)),
                        fmt(r.percentileMs(90)), fmt(p99), fmt(r.percentileMs(99.9)), fmt(r.maxMs()),
                        Long.toString(r.failed()), cpuPerRequest(cpuBefore, cpuAfter, jitBefore, jitAfter, r.scheduled()),
                        String.format(Locale.ROOT, "%.2f", (dbAfter[0] - dbBefore[0]) / (double) r.scheduled()),
                        String.format(Locale.ROOT, "%.1f", r.scheduled() / (double) Math.max(1, dbAfter[1] - dbBefore[1])),
                        r.statuses().toString()));
                report.figure("single requests at " + rate + " req/s: p99", p99, "ms");
                report.figure("single requests at " + rate + " req/s: achieved 202/s", r.achievedRate(), "req/s",
                        BenchReport.KAFKA);
                if (p99 > 5_000 && i + 1 < rates.size()) {
                    report.note("p99 over 5 s at " + rate + " req/s: saturated, the higher rates were not run");
                    break;
                }
            }
        }
        report.table("single-transaction requests, open model (" + seconds + " s each after " + warmupSeconds
                        + " s warm-up; latency from the scheduled send, ms)",
                List.of("offered req/s", "achieved 202/s", "p50", "p90", "p99", "p99.9", "max", "failed",
                        "CPU ms per request by part (of it JIT)", "DB commits per request",
                        "requests per ingest batch", "statuses"), rows);
        Map<String, Long> pss = BenchEnvironment.pssKb(marker);
        long total = pss.values().stream().mapToLong(Long::longValue).sum();
        report.figure("memory of the whole stack after the sweep (PSS)", total / 1024.0, "MB");
        report.note("memory by part (PSS, MB): " + pss.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() / 1024).toList());
        report.note(knee == null ? "no knee up to " + rates.get(rates.size() - 1) + " req/s: p99 <= " + (int) P99_TARGET_MS
                + " ms at every rate" : "p99 knee: between " + (lastGood == null ? "0" : lastGood) + " and " + knee
                + " req/s (p99 > " + (int) P99_TARGET_MS + " ms or < 95 % of the offered rate answered 202)");
        report.note("target p99 <= " + (int) P99_TARGET_MS + " ms at " + String.format(Locale.ROOT, "%,d", TARGET_RATE)
                + " req/s; aim p99 <= 25 ms at 2,000 req/s. Mix: " + PROVIDERS
                + " providers, EUR/USD/KRW/JPY/KWD, bets, wins, 1 % rollbacks, 1 % unchanged resends; "
                + "tokens and HMAC signatures as providers send them.");
        return report;
    }

    /**
     * Commits of the stack's database so far (every service's, from pg_stat_database) and ingest's
     * batches (one audit entry each): per request they show how well lone transactions are grouped.
     */
    private long[] databaseWork() throws java.sql.SQLException, java.io.IOException {
        try (java.sql.Connection pg = BenchEnvironment.superuser(config);
             java.sql.Statement st = pg.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT (SELECT xact_commit FROM pg_stat_database "
                     + "WHERE datname = current_database()), (SELECT count(*) FROM ingest.audit_log)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static String cpuPerRequest(Map<String, Duration> before, Map<String, Duration> after,
                                        Map<String, Duration> jitBefore, Map<String, Duration> jitAfter, long requests) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Duration> e : after.entrySet()) {
            double ms = BenchEnvironment.msPer(before.get(e.getKey()), e.getValue(), requests);
            if (ms >= 0.005) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.2f", ms));
                double jit = BenchEnvironment.msPer(jitBefore.get(e.getKey()), jitAfter.get(e.getKey()), requests);
                if (jit >= 0.005) {
                    sb.append(String.format(Locale.ROOT, " (%.2f)", jit));
                }
            }
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
