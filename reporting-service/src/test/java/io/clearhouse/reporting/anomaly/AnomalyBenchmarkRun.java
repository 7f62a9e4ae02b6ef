package io.clearhouse.reporting.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code ./clearhouse bench anomalies [providers] [days]}: runs {@link AnomalyBenchmark} in the build (never
 * in {@code ./mvnw verify}: only when {@code clearhouse.bench.anomalies=<providers>,<days>} is set) and
 * writes its result under {@code bench/results/}.
 */
class AnomalyBenchmarkRun {

    @Test
    @EnabledIfSystemProperty(named = "clearhouse.bench.anomalies", matches = "\\d+,\\d+")
    void writesTheFalsePositiveRateUnderBenchResults() throws Exception {
        String[] args = System.getProperty("clearhouse.bench.anomalies").split(",");
        long before = System.currentTimeMillis();
        AnomalyBenchmark.main(args);
        Path dir = Files.isDirectory(Path.of("../bench/results")) ? Path.of("../bench/results") : Path.of("bench/results");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("anomalies-"))
                    .anyMatch(f -> f.toFile().lastModified() >= before - 1000)).isTrue();
        }
    }
}
