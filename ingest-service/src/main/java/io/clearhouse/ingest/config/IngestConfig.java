package io.clearhouse.ingest.config;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.ingest.transaction.BatchHooks;
import io.clearhouse.ingest.transaction.InvalidTransactionException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IngestConfig {

    @Bean
    BatchHooks batchHooks() {
        return BatchHooks.NONE;
    }

    /**
     * Publishes a failed record to {@code <topic>.DLT}, same partition, with the exception and the
     * original coordinates in headers, and waits for the broker's acknowledgement (so the listener
     * only moves past a poison record once it is safe in the DLT). Unreadable records keep their raw
     * bytes.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetterRecoverer(ProducerFactory<Object, Object> producerFactory) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producerFactory);
        Map<String, Object> raw = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaTemplate<Object, Object> bytes = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes);
        templates.put(Object.class, template);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, e) -> new TopicPartition(Topics.dlt(record.topic()), record.partition()));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setWaitForSendResultTimeout(java.time.Duration.ofSeconds(30));
        return recoverer;
    }

    /**
     * Only poison goes to the DLT: a record that cannot be read or breaks a rule. The transaction
     * listener routes those itself, so whatever escapes it is an infrastructure failure (database
     * outage, transient SQL, {@code ConcurrentJudgementException} after its own retries, Kafka) or a
     * bug, never the fault of one record: it is retried with an exponential backoff capped at
     * {@code clearhouse.kafka.retry-max-interval-ms} that never gives up, in memory with the
     * consumer paused, offsets uncommitted (and the batch's stored offsets unchanged, since its
     * database transaction rolled back). Each failed attempt is logged and counted in
     * {@code clearhouse.ingest.batch.retries{exception}}. A record the history listener names as
     * unreadable ({@code BatchListenerFailedException} caused by one of the poison types) goes to the
     * DLT at once.
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
        // everything is retried except the poison types (the defaults would also give up on e.g. a
        // ClassCastException, sending a whole batch of valid transactions to the DLT)
        Map<Class<? extends Throwable>, Boolean> poison = new LinkedHashMap<>();
        poison.put(DeserializationException.class, false);
        poison.put(InvalidTransactionException.class, false);
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
            Counter.builder("clearhouse.ingest.batch.retries").tag("exception", cause.getClass().getSimpleName())
                    .description("Failed delivery attempts of consumed batches, retried (never sent to the DLT)")
                    .register(meters).increment();
            log.warn("Delivery attempt {} of {} failed, retrying: {}: {}", attempt, what,
                    cause.getClass().getSimpleName(), cause.getMessage());
        }
    }
}
