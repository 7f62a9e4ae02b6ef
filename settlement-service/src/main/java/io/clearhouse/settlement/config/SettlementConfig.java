package io.clearhouse.settlement.config;

import io.clearhouse.common.kafka.Topics;
import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.settlement.aggregate.InvalidLedgerRecordException;
import io.clearhouse.settlement.domain.ContractViolation;
import io.clearhouse.settlement.domain.MissingFxRateException;
import io.clearhouse.support.problem.ProblemTranslator;
import io.clearhouse.support.problem.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SettlementConfig {

    /**
     * The HTTP meaning of the domain's refusals (the domain package stays free of Spring): a contract
     * term that cannot stand is a 400 naming its field, a missing FX rate a 422.
     */
    @Bean
    ProblemTranslator settlementProblems() {
        return e -> {
            if (e instanceof ContractViolation v) {
                return new Problems.Invalid(v.field(), v.getMessage().substring(v.field().length() + 2));
            }
            if (e instanceof MissingFxRateException m) {
                return new Problems.Unprocessable(ProblemTypes.MISSING_FX_RATE, m.getMessage());
            }
            return null;
        };
    }


    /**
     * Publishes a record to {@code <topic>.DLT}, same partition, reason and original coordinates in
     * headers, and waits for the broker's acknowledgement (the listener moves past a bad record only
     * once it is safe in the DLT). Unreadable records keep their raw bytes.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaTemplate<Object, Object> template,
                                                      ProducerFactory<Object, Object> producerFactory) {
        Map<String, Object> raw = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaTemplate<Object, Object> bytes = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes);
        templates.put(Object.class, template);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, e) -> new TopicPartition(Topics.dlt(record.topic()), record.partition()));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setWaitForSendResultTimeout(Duration.ofSeconds(30));
        return recoverer;
    }

    /**
     * Only a bad record goes to the DLT, and the ledger listener routes those itself (unreadable,
     * breaking a rule, or refused by the database as data). Whatever escapes it is an infrastructure
     * failure (a database outage, a failover, a lock timeout, Kafka) and is retried without end with
     * an exponential backoff capped at {@code clearhouse.kafka.retry-max-interval-ms} (30 s), consumer
     * paused and offsets uncommitted: giving up would drop valid transactions from statements. Each
     * failed attempt is logged and counted in {@code clearhouse.settlement.batch.retries{exception}}.
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
        poison.put(DeserializationException.class, false);
        poison.put(InvalidLedgerRecordException.class, false);
        handler.setClassifications(poison, true);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                retried(record.topic() + "-" + record.partition() + "@" + record.offset(), ex, deliveryAttempt, meters);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
                retried(records.count() + " records of " + records.partitions(), ex, deliveryAttempt, meters);
            }
        });
        return handler;
    }

    private static void retried(String what, Exception ex, int attempt, MeterRegistry meters) {
        Throwable cause = ex instanceof ListenerExecutionFailedException && ex.getCause() != null ? ex.getCause() : ex;
        Counter.builder("clearhouse.settlement.batch.retries").tag("exception", cause.getClass().getSimpleName())
                .description("Failed delivery attempts of consumed ledger batches, retried (never sent to the DLT)")
                .register(meters).increment();
        LoggerFactory.getLogger(SettlementConfig.class).warn("Delivery attempt {} of {} failed, retrying: {}: {}",
                attempt, what, cause.getClass().getSimpleName(), cause.getMessage());
    }
}
