package io.clearhouse.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class KafkaMetricsTest {

    @Test
    void theConsumerGroupIsTakenFromTheClientIdKafkaGivesAGroupsConsumer() {
        assertThat(KafkaMetricsAutoConfiguration.groupOf("consumer-ingest-1", "x")).isEqualTo("ingest");
        assertThat(KafkaMetricsAutoConfiguration.groupOf("consumer-ingest-history-12", "x")).isEqualTo("ingest-history");
        assertThat(KafkaMetricsAutoConfiguration.groupOf("custom-client", "settlement")).isEqualTo("settlement");
        assertThat(KafkaMetricsAutoConfiguration.groupOf(null, "settlement")).isEqualTo("settlement");
    }

    @Test
    void everyKafkaConsumerMeterCarriesTheGroupAndOtherMetersAreLeftAlone() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new KafkaMetricsAutoConfiguration().kafkaConsumerGroupTag("reporting"));
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 3).tag("client.id", "consumer-reporting-2")
                .tag("topic", "ledger.transactions.v1").tag("partition", "0").register(meters);
        Gauge.builder("kafka.producer.record.send.total", () -> 1).tag("client.id", "producer-1").register(meters);

        assertThat(meters.get("kafka.consumer.fetch.manager.records.lag").tag("group", "reporting")
                .tag("partition", "0").gauge().value()).isEqualTo(3.0);
        assertThat(meters.get("kafka.producer.record.send.total").gauge().getId().getTag("group")).isNull();
    }

    @Test
    void aDeadLetterTopicsCounterExistsAtZeroBeforeItsFirstLetter() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountingDeadLetterRecoverer.counter(meters, "provider.transactions.v1.DLT");
        assertThat(meters.get(CountingDeadLetterRecoverer.METRIC).tag("topic", "provider.transactions.v1.DLT")
                .counter().count()).isZero();
    }
}
