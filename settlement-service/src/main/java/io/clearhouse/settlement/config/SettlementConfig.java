package io.clearhouse.settlement.config;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.kafka.Topics;
import io.clearhouse.settlement.aggregate.InvalidLedgerRecordException;
import io.clearhouse.common.identity.GatewayIdentityFilter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
class SettlementConfig {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Trusts caller headers only with the gateway's signature; fails the start without {@code CLEARHOUSE_IDENTITY_SECRET}. */
    @Bean
    GatewayIdentityFilter gatewayIdentityFilter(@Value("${clearhouse.identity.secret:}") String secret, Clock clock) {
        return new GatewayIdentityFilter(secret, clock);
    }

    @Bean
    AuditAppender auditAppender(JdbcTemplate jdbc, Clock clock) {
        return new AuditAppender(jdbc, clock);
    }

    @Bean
    AuditChainVerifier auditChainVerifier(JdbcTemplate jdbc) {
        return new AuditChainVerifier(jdbc);
    }

    /**
     * Unreadable and invalid ledger records go to {@code ledger.transactions.v1.DLT} (same partition)
     * without retry; anything else (a database outage) is retried with a bounded backoff, then parked.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory,
                                          @Value("${clearhouse.kafka.retry-max-elapsed-ms:60000}") long maxElapsedMs) {
        Map<String, Object> raw = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
        raw.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaTemplate<Object, Object> bytes = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(raw));
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes);
        templates.put(Object.class, template);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, e) -> new TopicPartition(Topics.dlt(record.topic()), record.partition()));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(maxElapsedMs);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(InvalidLedgerRecordException.class);
        return handler;
    }
}
