package io.clearhouse.reporting.config;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.reporting.kafka.PoisonRecordException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Framework wiring of reporting: the dead-letter recoverer and the Kafka error handler. Caller
 * identity, problems, the clock and audit beans come from service-support.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ReportingProperties.class)
class ReportingConfig {

    /**
     * Publishes a poison record to {@code <topic>.DLT}, same partition, with the exception (the reason)
     * and the original coordinates in headers, and waits for the broker's acknowledgement, so a
     * listener moves past a poison record only once it is safe in the DLT.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetterRecoverer(ProducerFactory<Object, Object> producerFactory) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producerFactory),
                (record, e) -> new TopicPartition(Topics.dlt(record.topic()), record.partition()));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setWaitForSendResultTimeout(Duration.ofSeconds(30));
        return recoverer;
    }

    /**
     * The listeners route poison themselves (before their database transaction); whatever escapes
     * them is an infrastructure failure (database, Kafka) or a bug, never one record's fault: retried
     * with an exponential backoff capped at {@code clearhouse.kafka.retry-max-interval-ms}, without
     * end, offsets unchanged. Each failed attempt is logged and counted in
     * {@code clearhouse.reporting.batch.retries{exception}}.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer recoverer, MeterRegistry meters,
                                          @Value("${clearhouse.kafka.retry-initial-ms:200}") long initialMs,
                                          @Value("${clearhouse.kafka.retry-max-interval-ms:30000}") long maxIntervalMs) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialMs, 2.0);
        backOff.setMaxInterval(maxIntervalMs);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        Map<Class<? extends Throwable>, Boolean> poison = new LinkedHashMap<>();
        poison.put(PoisonRecordException.class, false);
        handler.setClassifications(poison, true);
        handler.setRetryListeners(new InfrastructureRetries(meters));
        return handler;
    }

    /** Logs and counts every failed delivery attempt that will be retried. */
    static final class InfrastructureRetries implements RetryListener {

        private static final Logger log = LoggerFactory.getLogger(InfrastructureRetries.class);
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
            Counter.builder("clearhouse.reporting.batch.retries").tag("exception", cause.getClass().getSimpleName())
                    .description("Failed delivery attempts of consumed batches, retried (never sent to the DLT)")
                    .register(meters).increment();
            log.warn("Delivery attempt {} of {} failed, retrying: {}: {}", attempt, what,
                    cause.getClass().getSimpleName(), cause.getMessage());
        }
    }
}
