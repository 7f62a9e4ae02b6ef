package io.clearhouse.reporting.config;

import io.clearhouse.reporting.anomaly.AnomalyProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Framework wiring of reporting: the dead-letter recoverer and the Kafka error handler. Caller
 * identity, problems, the clock and audit beans come from service-support.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({ReportingProperties.class, AnomalyProperties.class})
class ReportingConfig {
}
