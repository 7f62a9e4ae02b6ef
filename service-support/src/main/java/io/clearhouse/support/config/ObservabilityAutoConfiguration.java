package io.clearhouse.support.config;

import io.clearhouse.support.observability.TraceparentBatchInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.BatchInterceptor;

/** Batch listeners name the traces of their records in the MDC (Boot puts the bean on the container factory). */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(BatchInterceptor.class)
public class ObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(BatchInterceptor.class)
    TraceparentBatchInterceptor traceparentBatchInterceptor() {
        return new TraceparentBatchInterceptor();
    }
}
