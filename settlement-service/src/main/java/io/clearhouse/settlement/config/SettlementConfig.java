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
