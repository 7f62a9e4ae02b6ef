package io.clearhouse.ingest.config;

import io.clearhouse.ingest.transaction.BatchHooks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IngestConfig {

    @Bean
    BatchHooks batchHooks() {
        return BatchHooks.NONE;
    }
}
