package io.clearhouse.support.config;

import io.clearhouse.support.caller.CallerArgumentResolver;
import io.clearhouse.support.caller.CallerFilter;
import io.clearhouse.support.problem.ProblemAdvice;
import io.clearhouse.support.problem.ProblemTranslator;
import java.time.Clock;
import java.util.List;
import org.springframework.util.unit.DataSize;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web side of a servlet service: the caller filter (deny by default: 401 problem+json for any
 * request without the gateway's signed identity, except the open paths, by default the actuator),
 * the {@code Caller} controller argument, and the one problem advice. Runs before Boot's MVC
 * auto-configuration so that Boot's own problem handler backs off in favour of {@link ProblemAdvice}.
 */
@AutoConfiguration(after = ServiceSupportAutoConfiguration.class,
        beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class CallerWebAutoConfiguration {

    /**
     * Fails the start without {@code CLEARHOUSE_IDENTITY_SECRET} (at least 32 characters, the gateway's).
     * {@code clearhouse.caller.streamed-body-paths}: paths whose body is verified as it streams (their
     * handlers read the body to the end before committing); every other body is read whole, up to
     * {@code clearhouse.caller.max-buffered-body}, and verified before the controller runs.
     */
    @Bean
    FilterRegistrationBean<CallerFilter> callerFilter(@Value("${clearhouse.identity.secret:}") String secret,
            @Value("${clearhouse.caller.open-paths:/actuator,/actuator/**}") List<String> openPaths,
            @Value("${clearhouse.caller.streamed-body-paths:}") List<String> streamedPaths,
            @Value("${clearhouse.caller.max-buffered-body:16MB}") DataSize maxBuffered,
            @Value("${clearhouse.caller.replay-cache-max:200000}") long replayCacheMax, Clock clock) {
        FilterRegistrationBean<CallerFilter> registration = new FilterRegistrationBean<>(
                new CallerFilter(secret, clock, openPaths, streamedPaths.stream().filter(p -> !p.isBlank()).toList(),
                        maxBuffered.toBytes(), replayCacheMax));
        registration.setName("callerFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    @Bean
    ProblemAdvice problemAdvice(ObjectProvider<ProblemTranslator> translators) {
        return new ProblemAdvice(translators.orderedStream().toList());
    }
}
