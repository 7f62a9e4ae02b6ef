package io.clearhouse.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class KafkaMetricsTest {

    @Test
    void aDeadLetterTopicsCounterExistsAtZeroBeforeItsFirstLetter() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountingDeadLetterRecoverer.counter(meters, "provider.transactions.v1.DLT");
        assertThat(meters.get(CountingDeadLetterRecoverer.METRIC).tag("topic", "provider.transactions.v1.DLT")
                .counter().count()).isZero();
    }
}
