package io.clearhouse.support.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Kafka metrics an operator can alert on:
 * <ul>
 *   <li>every consumer metric ({@code kafka_consumer_*}, e.g. {@code kafka_consumer_fetch_manager_records_lag}
 *   per topic and partition) carries the consumer {@code group}, taken from the client id Kafka gives a
 *   consumer of a group ({@code consumer-<group>-<n>}), else the service's {@code spring.kafka.consumer.group-id};</li>
 *   <li>{@code clearhouse_kafka_dead_letters_total{topic}} exists at 0 for the DLT of every topic a listener
 *   consumes, from the start: a counter that first appears at 1 is invisible to {@code increase()}, so
 *   the first dead letter would raise no alert.</li>
 * </ul>
 */
@AutoConfiguration(after = KafkaErrorHandlingAutoConfiguration.class)
@ConditionalOnClass({KafkaTemplate.class, MeterRegistry.class})
public class KafkaMetricsAutoConfiguration {

    private static final Pattern GROUP_CLIENT_ID = Pattern.compile("^consumer-(.+)-\\d+$");

    @Bean
    MeterFilter kafkaConsumerGroupTag(@Value("${spring.kafka.consumer.group-id:none}") String serviceGroup) {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("kafka.consumer.") || id.getTag("group") != null) {
                    return id;
                }
                return id.withTag(Tag.of("group", groupOf(id.getTag("client.id"), serviceGroup)));
            }
        };
    }

    static String groupOf(String clientId, String fallback) {
        if (clientId != null) {
            Matcher m = GROUP_CLIENT_ID.matcher(clientId);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return fallback;
    }

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
