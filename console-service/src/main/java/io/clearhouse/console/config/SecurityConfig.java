package io.clearhouse.console.config;

import static io.clearhouse.console.signin.Role.Area.ACTIVITY;
import static io.clearhouse.console.signin.Role.Area.ADMIN;
import static io.clearhouse.console.signin.Role.Area.ANOMALIES;
import static io.clearhouse.console.signin.Role.Area.BREAKS;
import static io.clearhouse.console.signin.Role.Area.INGEST_EXCEPTIONS;
import static io.clearhouse.console.signin.Role.Area.REPORTS;
import static io.clearhouse.console.signin.Role.Area.STATEMENTS;
import static io.clearhouse.console.signin.Role.Area.TRANSACTIONS;

import io.clearhouse.console.signin.OidcSignIn;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may open which page (the menus in {@code Role.Area}, mirroring the gateway's AccessRules),
 * the login form, sign-out, CSRF (on, Spring Security's default) and the security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** Said on the login page instead of which factor was wrong: see templates/login.html. */
    static final String FAILED = "failed";
    static final String THROTTLED = "throttled";
    static final String UNAVAILABLE = "unavailable";

    @Bean
    SecurityFilterChain console(HttpSecurity http, AuthenticationProvider gatewaySignIn, ObjectProvider<OidcSignIn> oidc)
            throws Exception {
        http.authenticationProvider(gatewaySignIn)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/transactions/**").hasAnyRole(TRANSACTIONS.roleNames())
                        .requestMatchers("/queues/breaks/**").hasAnyRole(BREAKS.roleNames())
                        .requestMatchers("/queues/exceptions/**").hasAnyRole(INGEST_EXCEPTIONS.roleNames())
                        .requestMatchers("/statements/**").hasAnyRole(STATEMENTS.roleNames())
                        .requestMatchers("/reports/**").hasAnyRole(REPORTS.roleNames())
                        .requestMatchers("/anomalies/**").hasAnyRole(ANOMALIES.roleNames())
                        .requestMatchers("/admin/**").hasAnyRole(ADMIN.roleNames())
                        .requestMatchers("/providers/**").hasAnyRole("OPERATOR", "FINANCE", "AUDITOR", "PROVIDER")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login")
                        .authenticationDetailsSource(io.clearhouse.console.signin.SignInSupport::details)
                        .failureHandler(failure())
                        .defaultSuccessUrl("/", true)
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?signedOut")
                        .invalidateHttpSession(true)
                        .deleteCookies("CONSOLE_SESSION"))
                .exceptionHandling(e -> e.accessDeniedPage("/denied"))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(
                                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"))
                        .frameOptions(fo -> fo.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        OidcSignIn sso = oidc.getIfAvailable();
        if (sso != null) {
            sso.configure(http);
        }
        return http.build();
    }

    private static AuthenticationFailureHandler failure() {
        return (request, response, e) -> {
            String why = io.clearhouse.console.signin.SignInSupport.isThrottled(e) ? THROTTLED
                    : e instanceof AuthenticationServiceException ? UNAVAILABLE : FAILED;
            response.sendRedirect(request.getContextPath() + "/login?" + why);
        };
    }
}
