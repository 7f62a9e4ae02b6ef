package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.StartupCompilerPriority;
import java.time.Duration;
import java.util.Map;

/**
 * {@code up} to all services healthy: starts the stack (which must not be running), times it, and
 * records the CPU each part spent until then (and its JIT's share) and each part's memory (PSS), then
 * stops it.
 */
final class StartupBenchmark {

    private final StackConfig config;

    StartupBenchmark(StackConfig config) {
        this.config = config;
    }

    BenchReport run(Console out) throws Exception {
        BenchReport report = new BenchReport("startup");
        long t0 = System.nanoTime();
        try (Stack stack = Stack.start(config, out)) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.figure("up: PostgreSQL, Kafka and the five services healthy", seconds, "s");
            // CPU moves far less than wall-clock time with the neighbours of a shared machine: a start that
            // needs C seconds of CPU cannot be ready in under C / cores on an idle one
            String marker = config.home().toString();
            Map<String, Duration> cpu = BenchEnvironment.cpu(marker);
            Map<String, Duration> jit = BenchEnvironment.jitCpu(marker);
            report.figure("CPU the stack spent until ready (all parts)", seconds(cpu), "s");
            report.figure("of it the JIT compiler threads", seconds(jit), "s");
            report.note("CPU until ready by part (s, of it JIT): " + cpu.entrySet().stream()
                    .map(e -> e.getKey() + " " + round(e.getValue()) + " (" + round(jit.getOrDefault(e.getKey(),
                            Duration.ZERO)) + ")").toList());
            Map<String, Long> pss = BenchEnvironment.pssKb(config.home().toString());
            long total = pss.values().stream().mapToLong(Long::longValue).sum();
            report.figure("memory of the whole stack once started (PSS)", total / 1024.0, "MB");
            report.note("memory by part (PSS, MB): " + pss.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue() / 1024).toList());
            MachineLimits.measure(report, config);
        }
        report.note("target <= 40 s; aim <= 20 s. Service JVM options: " + config.serviceJavaOpts()
                + "; C2 deferred while starting: " + StartupCompilerPriority.applies());
        return report;
    }

    private static double seconds(Map<String, Duration> cpu) {
        return cpu.values().stream().mapToLong(Duration::toMillis).sum() / 1000.0;
    }

    private static String round(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
