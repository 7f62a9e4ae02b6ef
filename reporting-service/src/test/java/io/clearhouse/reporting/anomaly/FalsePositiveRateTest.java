package io.clearhouse.reporting.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A small run of the benchmark: the false-positive target holds, and every injected fault is found. */
class FalsePositiveRateTest {

    @Test
    void normalDaysRaiseFewerThanOneAlertPerProviderPer30DaysAndEveryFaultIsFound() {
        AnomalyBenchmark.Result r = AnomalyBenchmark.run(3, 30, 7);
        assertThat(r.perProviderPer30Days()).as("false alerts %s", r.byKind()).isLessThan(1.0);
        assertThat(r.detectionDelay().values()).as("intervals until found %s", r.detectionDelay())
                .allSatisfy(d -> assertThat(d).isBetween(1, 12));
    }
}
