package io.clearhouse.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single requests until the stack's JIT compilers go quiet, before a benchmark's clock starts. Seven JVMs
 * on two cores keep compiling for minutes after a start, and while they do, code runs interpreted or in
 * C1 and the compiler threads take the cores: a fresh stack answered 452 of 500 req/s (p99 2.3 s) after a
 * fixed minute at 200 req/s, where a warm one answers 1,000 req/s at p99 ~30 ms (2026-12-04).
 * <p>
 * Rounds of {@value #ROUND_SECONDS} s, starting at {@value #START_RATE} req/s (or the target rate, if
 * lower) and raised by half each round the stack kept up with, up to the target; lowered by a third after
 * a round it did not. It ends after the first round in which the compiler threads of every JVM together
 * used less than {@value #QUIET_SHARE_OF_A_CORE} of one core, or after {@code maxSeconds}.
 */
final class JitWarmup {

    static final int ROUND_SECONDS = 15;
    static final int START_RATE = 200;
    static final double QUIET_SHARE_OF_A_CORE = 0.05;

    /** What the warm-up did, for the report. */
    record Outcome(int seconds, boolean quiet, List<String> rounds) {
        String describe() {
            return "JIT warm-up: " + seconds + " s in " + rounds.size() + " rounds of single requests, "
                    + (quiet ? "ended when the compiler threads went quiet" : "ended at its bound, the compiler threads still busy")
                    + " (rate, and the share of one core the JIT used, per round: " + String.join("; ", rounds) + ")";
        }
    }

    private JitWarmup() {
    }

    static Outcome run(OpenModelLoad load, TrafficMix mix, int targetRate, int maxSeconds, String dataDirMarker)
            throws Exception {
        int rate = Math.min(targetRate, START_RATE);
        int elapsed = 0;
        List<String> rounds = new ArrayList<>();
        while (elapsed < maxSeconds) {
            int seconds = Math.min(ROUND_SECONDS, maxSeconds - elapsed);
            Map<String, Duration> before = BenchEnvironment.jitCpu(dataDirMarker);
            long t0 = System.nanoTime();
            OpenModelLoad.Result r = load.run(mix.next(rate * seconds), rate, null);
            double share = compilingNanos(before, BenchEnvironment.jitCpu(dataDirMarker)) / (double) (System.nanoTime() - t0);
            elapsed += seconds;
            rounds.add(String.format(Locale.ROOT, "%d req/s %.0f %%", rate, share * 100));
            if (share < QUIET_SHARE_OF_A_CORE) {
                return new Outcome(elapsed, true, rounds);
            }
            rate = r.keptUp() ? Math.min(targetRate, rate * 3 / 2) : Math.max(1, rate * 2 / 3);
        }
        return new Outcome(elapsed, false, rounds);
    }

    /** The compiler threads' CPU between two readings, over every part. */
    static long compilingNanos(Map<String, Duration> before, Map<String, Duration> after) {
        long nanos = 0;
        for (Map.Entry<String, Duration> e : after.entrySet()) {
            nanos += e.getValue().toNanos() - before.getOrDefault(e.getKey(), Duration.ZERO).toNanos();
        }
        return Math.max(0, nanos);
    }
}
