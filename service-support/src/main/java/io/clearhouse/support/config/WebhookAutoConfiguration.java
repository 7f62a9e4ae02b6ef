package io.clearhouse.support.config;

import io.clearhouse.support.webhook.WebhookSenders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The one way a service sends signed webhooks: {@link WebhookSenders}. */
@AutoConfiguration(after = ServiceSupportAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
public class WebhookAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WebhookSenders webhookSenders(ObjectProvider<MeterRegistry> meters, Clock clock,
                                  @Value("${spring.application.name:service}") String application) {
        String service = application.endsWith("-service")
                ? application.substring(0, application.length() - "-service".length()) : application;
        return new WebhookSenders(meters.getIfAvailable(SimpleMeterRegistry::new), clock, service);
    }
}
