package io.clearhouse.support.config;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditChainVerifier;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;

/**
 * The beans every service wired again in its own config: the UTC clock, the audit appender and
 * verifier over the service's {@code audit_log}, and the JSON mapper settings money needs.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class ServiceSupportAutoConfiguration {

    /** Every instant is UTC; tests replace it with a fixed or movable clock. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** JSON numbers with a fraction read as {@code BigDecimal}, never {@code double} (money). */
    @Bean
    JsonMapperBuilderCustomizer clearhouseJsonMapperCustomizer() {
        return builder -> builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    AuditAppender auditAppender(JdbcTemplate jdbc, Clock clock) {
        return new AuditAppender(jdbc, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    AuditChainVerifier auditChainVerifier(JdbcTemplate jdbc) {
        return new AuditChainVerifier(jdbc);
    }
}
