package io.clearhouse.support.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code clearhouse_kafka_dead_letters_total{topic}} exists at 0 for the DLT of every topic a listener
 * consumes, from the start: a counter that first appears at 1 is invisible to {@code increase()}, so the
 * first dead letter would raise no alert.
 * <p>
 * The consumer group of the Kafka client metrics ({@code kafka_consumer_*}) is not added here as a tag:
 * Micrometer's Kafka binder skips a consumer whose meters have fewer tags than ones already registered
 * under the same name, so a tag added by a MeterFilter hides every consumer but the first. The group is
 * derived from the client id ({@code consumer-<group>-<n>}) by the recording rule
 * {@code clearhouse:kafka_consumer_lag:records} in {@code ops/prometheus/alerts.yml}.
 */
@AutoConfiguration(after = KafkaErrorHandlingAutoConfiguration.class)
@ConditionalOnClass({KafkaTemplate.class, MeterRegistry.class})
public class KafkaMetricsAutoConfiguration {

    @Bean
    ApplicationListener<ContextRefreshedEvent> deadLetterCountersAtZero(ObjectProvider<KafkaListenerEndpointRegistry> registry,
                                                                        ObjectProvider<MeterRegistry> meterRegistry) {
        return event -> registry.ifAvailable(r -> meterRegistry.ifAvailable(meters -> {
            for (MessageListenerContainer c : r.getAllListenerContainers()) {
                String[] topics = c.getContainerProperties().getTopics();
                if (topics != null) {
                    for (String topic : topics) {
                        CountingDeadLetterRecoverer.counter(meters, io.clearhouse.common.kafka.Topics.dlt(topic));
                    }
                }
            }
        }));
    }
}
