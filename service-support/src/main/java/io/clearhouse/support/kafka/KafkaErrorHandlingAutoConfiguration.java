package io.clearhouse.support.kafka;

import io.clearhouse.common.kafka.PoisonRecordException;
import io.clearhouse.common.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Exactly-once consumption ({@link ConsumedOffsets}, offsets stored with the rows) and the one way
 * every service's Kafka listeners fail (Boot puts the {@code CommonErrorHandler} bean on
 * the listener containers):
 * <ul>
 *   <li>only poison goes to the DLT ({@link DeserializationException}, {@link PoisonRecordException}
 *   and its subclasses): to {@code <topic>.DLT}, same partition, reason and original coordinates in
 *   headers, unreadable records with their raw bytes, and only once the broker acknowledged it; each
 *   one counted in {@code clearhouse_kafka_dead_letters_total{topic}} ({@link CountingDeadLetterRecoverer});</li>
 *   <li>everything else is infrastructure (database outage or failover, lock or statement timeout,
 *   Kafka) or a bug, never one record's fault: retried without end with an exponential backoff from
 *   {@code clearhouse.kafka.retry-initial-ms} (200) capped at {@code retry-max-interval-ms} (30 s),
 *   consumer paused, offsets uncommitted; giving up would drop valid records. Each failed attempt is
 *   logged and counted in {@code clearhouse.kafka.batch.retries{exception}} (alert on its rate).</li>
 * </ul>
 */
@AutoConfiguration(afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration"})
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean(ProducerFactory.class)
public class KafkaErrorHandlingAutoConfiguration {

    private static final Duration DLT_ACK_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    @ConditionalOnMissingBean
    DeadLetterPublishingRecoverer deadLetterRecoverer(ProducerFactory<Object, Object> producerFactory,
                                                      ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> raw = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw)));
        templates.put(Object.class, new KafkaTemplate<>(producerFactory));
        DeadLetterPublishingRecoverer recoverer = new CountingDeadLetterRecoverer(templates,
                (record, e) -> new TopicPartition(Topics.dlt(record.topic()), record.partition()),
                meters.getIfAvailable(() -> Metrics.globalRegistry));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setWaitForSendResultTimeout(DLT_ACK_TIMEOUT);
        return recoverer;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    @ConditionalOnProperty("spring.kafka.consumer.group-id")
    ConsumedOffsets consumedOffsets(JdbcTemplate jdbc, @Value("${spring.kafka.consumer.group-id}") String group) {
        return new ConsumedOffsets(jdbc, group);
    }

    @Bean
    @ConditionalOnMissingBean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer recoverer, ObjectProvider<MeterRegistry> meters,
                                          @Value("${clearhouse.kafka.retry-initial-ms:200}") long initialMs,
                                          @Value("${clearhouse.kafka.retry-max-interval-ms:30000}") long maxIntervalMs) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialMs, 2.0);
        backOff.setMaxInterval(maxIntervalMs);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // everything is retried except the poison types (the defaults would also give up on e.g. a
        // ClassCastException, sending a whole batch of valid records to the DLT)
        Map<Class<? extends Throwable>, Boolean> poison = new LinkedHashMap<>();
        poison.put(DeserializationException.class, false);
        poison.put(PoisonRecordException.class, false);
        handler.setClassifications(poison, true);
        handler.setRetryListeners(new InfrastructureRetries(meters.getIfAvailable(() -> Metrics.globalRegistry)));
        return handler;
    }

    /** Logs and counts every failed delivery attempt that will be retried. */
    static final class InfrastructureRetries implements RetryListener {

        private static final Logger log = LoggerFactory.getLogger(InfrastructureRetries.class);
        static final String METRIC = "clearhouse.kafka.batch.retries";
        private final MeterRegistry meters;

        InfrastructureRetries(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
            count(record.topic() + "-" + record.partition() + "@" + record.offset(), ex, deliveryAttempt);
        }

        @Override
        public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
            count(records.count() + " records of " + records.partitions(), ex, deliveryAttempt);
        }

        private void count(String what, Exception ex, int attempt) {
            Throwable cause = ex instanceof ListenerExecutionFailedException && ex.getCause() != null ? ex.getCause() : ex;
            Counter.builder(METRIC).tag("exception", cause.getClass().getSimpleName())
                    .description("Failed delivery attempts of consumed batches, retried (never sent to the DLT)")
                    .register(meters).increment();
            log.warn("Delivery attempt {} of {} failed, retrying: {}: {}", attempt, what,
                    cause.getClass().getSimpleName(), cause.getMessage());
        }
    }
}
