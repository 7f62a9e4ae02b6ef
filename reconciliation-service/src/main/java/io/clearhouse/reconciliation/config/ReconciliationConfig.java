package io.clearhouse.reconciliation.config;

import io.clearhouse.reconciliation.exception.ExceptionStatus;
import io.clearhouse.support.problem.ProblemTranslator;
import io.clearhouse.support.problem.Problems;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ReconciliationProperties.class)
class ReconciliationConfig {

    /** An illegal move of an exception's state machine is a 409 (the domain enum stays free of Spring). */
    @Bean
    ProblemTranslator reconciliationProblems() {
        return e -> e instanceof ExceptionStatus.IllegalTransitionException t ? new Problems.Conflict(t.getMessage()) : null;
    }
}
