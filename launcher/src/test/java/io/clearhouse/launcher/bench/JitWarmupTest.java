package io.clearhouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

    @Test
    void compilingTimeIsSummedOverEveryPartIncludingOneThatStartedBetweenTheReadings() {
        Map<String, Duration> before = Map.of("gateway", Duration.ofMillis(900), "ingest", Duration.ofMillis(400));
        Map<String, Duration> after = Map.of("gateway", Duration.ofMillis(1_000), "ingest", Duration.ofMillis(450),
                "kafka", Duration.ofMillis(30));
        assertThat(JitWarmup.compilingNanos(before, after)).isEqualTo(Duration.ofMillis(180).toNanos());
    }

    @Test
    void theReportSaysWhetherTheCompilersWentQuietAndWhatEachRoundSaw() {
        String quiet = new JitWarmup.Outcome(30, true, List.of("200 req/s 40 %", "300 req/s 3 %")).describe();
        assertThat(quiet).contains("30 s in 2 rounds", "went quiet", "200 req/s 40 %; 300 req/s 3 %");
        assertThat(new JitWarmup.Outcome(300, false, List.of("200 req/s 40 %")).describe()).contains("still busy");
    }
}
