package io.clearhouse.reporting.anomaly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The false-positive benchmark: pure computation, no Spring, no database. Simulates providers with three
 * game types each (400, 120 and 40 bets an hour at the mean) over a warm-up lookback and then many normal
 * days, runs the detector on every interval as the live evaluator does, and counts alerts the way the
 * store raises them (consecutive findings of one kind are one anomaly). Reports false positives per
 * provider per 30 days (target: under one) and, on faulted copies, how many intervals each injected
 * fault took to be found.
 *
 * <p>Run: {@code ./mvnw -q -pl reporting-service -am test-compile} then the main class with the test
 * classpath, or {@code ./clearhouse bench anomalies [providers] [days]} (defaults 20 and 90; {@link AnomalyBenchmarkRun}).
 * Writes {@code bench/results/anomalies-<time>.md}.
 */
public final class AnomalyBenchmark {

    static final double[] BETS_PER_HOUR = {400, 120, 40};

    /** What one run found. */
    record Result(int providers, int days, int series, long intervals, int falseAlerts,
                  Map<AnomalyKind, Integer> byKind, Map<SyntheticFlow.Fault.Kind, Integer> detectionDelay,
                  long millis) {

        double perProviderPer30Days() {
            return falseAlerts * 30.0 / days / providers;
        }
    }

    static Result run(int providers, int days, long seed) {
        AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults());
        int warm = detector.settings().lookbackIntervals();
        int total = warm + days * 24;
        long started = System.nanoTime();
        int alerts = 0;
        long intervals = 0;
        Map<AnomalyKind, Integer> byKind = new EnumMap<>(AnomalyKind.class);
        for (int p = 0; p < providers; p++) {
            for (int g = 0; g < BETS_PER_HOUR.length; g++) {
                List<IntervalFigures> series = new SyntheticFlow(seed * 1_000 + p * 10L + g, BETS_PER_HOUR[g])
                        .hours(total);
                List<List<Finding>> found = SyntheticFlow.evaluate(detector, series, warm, total);
                intervals += found.size();
                alerts += countAlerts(found, byKind, detector.settings().rtpWindow());
            }
        }
        Map<SyntheticFlow.Fault.Kind, Integer> delays = new EnumMap<>(SyntheticFlow.Fault.Kind.class);
        for (SyntheticFlow.Fault.Kind kind : SyntheticFlow.Fault.Kind.values()) {
            int at = warm + 10 * 24 + 13;
            int hours = kind == SyntheticFlow.Fault.Kind.ROLLBACK_BURST ? 1 : 48;
            List<IntervalFigures> series = new SyntheticFlow(seed + 7, BETS_PER_HOUR[0])
                    .hours(at + 48, new SyntheticFlow.Fault(kind, at, hours));
            List<List<Finding>> found = SyntheticFlow.evaluate(detector, series, at, at + 48);
            AnomalyKind expected = switch (kind) {
                case RTP_DRIFT -> AnomalyKind.RTP;
                case VOLUME_DROP -> AnomalyKind.VOLUME;
                case ROLLBACK_BURST -> AnomalyKind.ROLLBACKS;
            };
            int delay = -1;
            for (int i = 0; i < found.size() && delay < 0; i++) {
                if (found.get(i).stream().anyMatch(f -> f.kind() == expected)) {
                    delay = i + 1;
                }
            }
            delays.put(kind, delay);
        }
        return new Result(providers, days, providers * BETS_PER_HOUR.length, intervals, alerts, byKind, delays,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Consecutive findings of a kind (gaps shorter than the RTP window) are one alert, as the store merges them. */
    static int countAlerts(List<List<Finding>> found, Map<AnomalyKind, Integer> byKind, int mergeGap) {
        int alerts = 0;
        Map<AnomalyKind, Integer> last = new EnumMap<>(AnomalyKind.class);
        for (int i = 0; i < found.size(); i++) {
            for (Finding f : found.get(i)) {
                Integer prev = last.put(f.kind(), i);
                if (prev == null || i - prev > mergeGap) {
                    alerts++;
                    byKind.merge(f.kind(), 1, Integer::sum);
                }
            }
        }
        return alerts;
    }

    public static void main(String[] args) throws IOException {
        int providers = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        Result r = run(providers, days, 42);
        String when = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        String report = """
                # Anomaly detection: false positives over simulated normal days

                Run %s UTC, seed 42. Pure computation (the detector only), one thread.

                | what | figure |
                |---|---|
                | providers × game types | %d × %d (%s bets an hour at the mean; daily curve, busier weekends) |
                | normal days judged per series (after a %d-day lookback) | %d |
                | intervals judged | %,d |
                | false alerts (consecutive findings of a kind = one) | %d %s |
                | **false alerts per provider per 30 days** | **%.3f** (target < 1) |
                | intervals until found: RTP drift 97 %% → ~112 %%, volume drop to 25 %%, rollback burst 3 %% → 25 %% | %s |
                | computation | %,d ms (%.1f µs an interval) |
                """.formatted(when, r.providers(), BETS_PER_HOUR.length, java.util.Arrays.toString(BETS_PER_HOUR),
                AnomalyDetector.Settings.defaults().lookback().toDays(), r.days(), r.intervals(), r.falseAlerts(),
                r.byKind(), r.perProviderPer30Days(), r.detectionDelay(), r.millis(),
                r.millis() * 1000.0 / Math.max(1, r.intervals()));
        System.out.println(report);
        Path dir = Path.of(System.getProperty("clearhouse.bench.dir", "bench/results"));
        if (!Files.isDirectory(dir) && Files.isDirectory(Path.of("../bench/results"))) {
            dir = Path.of("../bench/results");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("anomalies-" + when + ".md");
        Files.writeString(file, report);
        System.out.println("written to " + file.toAbsolutePath().normalize());
    }
}
