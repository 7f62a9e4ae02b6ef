package io.clearhouse.ingest.config;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.identity.GatewayIdentity;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.ingest.transaction.BatchHooks;
import io.clearhouse.ingest.transaction.InvalidTransactionException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IngestConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails the start with a clear message when {@code CLEARHOUSE_IDENTITY_SECRET} is not set. */
    @Bean
    GatewayIdentity gatewayIdentity(@Value("${clearhouse.identity.secret:}") String secret) {
        return new GatewayIdentity(secret);
    }

    @Bean
    AuditAppender auditAppender(JdbcTemplate jdbc, Clock clock) {
        return new AuditAppender(jdbc, clock);
    }

    @Bean
    AuditChainVerifier auditChainVerifier(JdbcTemplate jdbc) {
        return new AuditChainVerifier(jdbc);
    }

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
     * Failures outside the listener's own handling (a database outage) are retried with a bounded
     * backoff; a record named by a {@code BatchListenerFailedException} (the history listener) goes to
     * the DLT once retries end; unreadable and invalid records are not retried.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer recoverer,
                                          @Value("${clearhouse.kafka.retry-max-elapsed-ms:60000}") long maxElapsedMs) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(maxElapsedMs);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidTransactionException.class);
        return handler;
    }
}
