package io.clearhouse.reconciliation.config;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditChainVerifier;
import io.clearhouse.common.identity.GatewayIdentityFilter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ReconciliationProperties.class)
class ReconciliationConfig {

    @Bean
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
     * The outbox holds ready JSON, so the relay sends strings: the bytes on the topic are exactly
     * what was committed with the effect (consumers read them with their JSON deserializers).
     */
    @Bean
    KafkaTemplate<String, String> outboxKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }
}
