package io.clearhouse.settlement.config;

import io.clearhouse.common.problem.ProblemTypes;
import io.clearhouse.settlement.domain.ContractViolation;
import io.clearhouse.settlement.domain.MissingFxRateException;
import io.clearhouse.support.problem.ProblemTranslator;
import io.clearhouse.support.problem.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

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
}
