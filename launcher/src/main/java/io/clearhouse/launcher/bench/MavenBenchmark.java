package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.StackConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmarks that live in a service's {@code -Pbench} profile (settlement's close of a day,
 * reconciliation's 1M-line statement): run through the Maven Wrapper, bounded, their figure lines
 * kept in this run's report beside the machine's ceilings.
 */
final class MavenBenchmark {

    private final StackConfig config;

    MavenBenchmark(StackConfig config) {
        this.config = config;
    }

    /**
     * @param benchmark the benchmark's test class: only it runs, so the modules the service is built with
     *                  (-am) are built without running their own tests and integration tests first
     */
    BenchReport run(String name, String module, String benchmark, long timeoutMinutes) throws Exception {
        BenchReport report = new BenchReport(name);
        List<String> command = List.of(config.home().resolve("mvnw").toString(), "-B", "-q", "-pl", module, "-am",
                "-Pbench", "verify", "-Dtest=NONE", "-Dsurefire.failIfNoSpecifiedTests=false", "-Dit.test=" + benchmark,
                "-Dfailsafe.failIfNoSpecifiedTests=false");
        report.note("command: ./mvnw -B -pl " + module + " -am -Pbench verify -Dtest=NONE -Dit.test=" + benchmark
                + " (its own embedded PostgreSQL and Kafka)");
        Process p = new ProcessBuilder(command).directory(config.home().toFile()).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println(line);
                    String l = line.toLowerCase(java.util.Locale.ROOT);
                    if (l.contains("copy") || l.contains(" s ") || l.contains("rows/s") || l.contains("close")
                            || l.contains("reconcil") || l.contains("target")) {
                        if (line.length() < 400 && !l.contains("[info]") && !l.contains("warn")) {
                            report.note(line.trim());
                        }
                    }
                }
            } catch (java.io.IOException e) {
                report.note("output lost: " + e.getMessage());
            }
        }, "maven-output");
        pump.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            report.note("not finished within " + timeoutMinutes + " min: stopped");
        }
        pump.join(10_000);
        report.figure("exit status of the Maven benchmark", p.isAlive() ? -1 : p.exitValue(), "");
        report.note("the service's own result file is under bench/results/ (settlement-close-*.md, reconciliation-*.md)");
        return report;
    }
}
