package io.clearhouse.support.config;

import io.clearhouse.support.outbox.OutboxProperties;
import io.clearhouse.support.outbox.OutboxRelay;
import io.clearhouse.support.outbox.OutboxSignal;
import io.clearhouse.support.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox of a service with a database and Kafka: {@link OutboxWriter} for the
 * business code and one {@link OutboxRelay} (off with {@code clearhouse.outbox.enabled=false}). The
 * service's schema holds the table ({@code outbox(id, topic, msg_key, payload, created_at, traceparent)},
 * created by the service's own migrations, with SELECT, INSERT, DELETE for its app role).
 */
@AutoConfiguration(after = ServiceSupportAutoConfiguration.class, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean({JdbcTemplate.class, ProducerFactory.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    /** Wakes the relay when a transaction that added messages commits. */
    @Bean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    /**
     * With the application's tracer and propagator when it has them (Boot's tracing auto-configuration),
     * so a message added without its own {@code traceparent} keeps the current one.
     */
    @Bean
    OutboxWriter outboxWriter(JdbcTemplate jdbc, JsonMapper json, Clock clock, OutboxSignal signal,
                              ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxWriter(jdbc, json, clock, signal, tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /**
     * Payloads are JSON text already, so the relay has its own String producer, built from the
     * service's producer settings with acks=all and idempotence forced whatever those say. It is not
     * observed: the only {@code traceparent} on its records is the one each outbox row kept.
     */
    @Bean
    @ConditionalOnProperty(name = "clearhouse.outbox.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager txManager,
                            ProducerFactory<?, ?> producerFactory, OutboxProperties properties, MeterRegistry meters,
                            OutboxSignal signal, @Value("${spring.application.name:service}") String application) {
        Map<String, Object> config = new LinkedHashMap<>(producerFactory.getConfigurationProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a relay round of 1,000 events (~800 KB over 12 partitions) leaves as one record batch per partition
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        String service = application.endsWith("-service")
                ? application.substring(0, application.length() - "-service".length()) : application;
        return new OutboxRelay(jdbc, txManager, kafka, properties, meters, service, signal);
    }
}
