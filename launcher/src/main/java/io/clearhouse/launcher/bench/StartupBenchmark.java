package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.Console;
import io.clearhouse.launcher.Stack;
import io.clearhouse.launcher.StackConfig;
import java.util.Map;

/**
 * {@code up} to all services healthy: starts the stack (which must not be running), times it, and
 * records each part's memory once started (PSS), then stops it.
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
            Map<String, Long> pss = BenchEnvironment.pssKb(config.home().toString());
            long total = pss.values().stream().mapToLong(Long::longValue).sum();
            report.figure("memory of the whole stack once started (PSS)", total / 1024.0, "MB");
            report.note("memory by part (PSS, MB): " + pss.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue() / 1024).toList());
            MachineLimits.measure(report, config);
        }
        report.note("target <= 40 s; aim <= 20 s. Service JVM options: " + config.serviceJavaOpts());
        return report;
    }
}
