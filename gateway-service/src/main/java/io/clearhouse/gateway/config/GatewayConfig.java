package io.clearhouse.gateway.config;

import io.clearhouse.common.identity.GatewayIdentity;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import io.clearhouse.gateway.protect.ExternalCallerDefaults;
import io.clearhouse.gateway.protect.ProtectionProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProtectionProperties.class, ExternalCallerDefaults.class})
class GatewayConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Signs the caller identity passed to the services; the secret is shared with every service.
     * Without it the gateway does not start (the constructor says why).
     */
    @Bean
    GatewayIdentity gatewayIdentity(@Value("${clearhouse.identity.secret:}") String secret) {
        return new GatewayIdentity(secret);
    }

    /**
     * The Kafka circuit: opens when half of the last 20 publishes failed, so that while the broker
     * is away providers get a fast 503 instead of waiting out the producer's delivery timeout. A
     * publish refused by the bulkhead (too many in flight) says nothing about the broker and does not
     * count towards opening it.
     */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> kafkaCircuit(
            @Value("${clearhouse.kafka.publish-timeout:12s}") Duration publishTimeout,
            @Value("${clearhouse.kafka.circuit-open-for:10s}") Duration openFor) {
        return factory -> factory.configure(builder -> builder
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(publishTimeout).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(openFor)
                        .ignoreExceptions(BulkheadFullException.class)
                        .build()), "kafka");
    }

    /**
     * Bounds the publishes waiting for the broker's acknowledgement (each holds its request). The
     * library's default of 25 is far below what one gateway carries: at a few milliseconds per
     * acknowledgement, 1,000 single-transaction requests a second keep dozens in flight.
     */
    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> kafkaBulkhead(
            @Value("${clearhouse.kafka.max-concurrent-publishes:2000}") int maxConcurrent) {
        return provider -> provider.configure(builder -> builder.bulkheadConfig(BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                .build()), "kafka");
    }

}
