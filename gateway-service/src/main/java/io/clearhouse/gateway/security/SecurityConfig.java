package io.clearhouse.gateway.security;

import io.clearhouse.gateway.auth.Callers;
import io.clearhouse.gateway.auth.Role;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;

/**
 * Stateless bearer-token security: no session, no CSRF (no cookies), every route decided by
 * {@link AccessRules}. HSTS is sent on HTTPS responses.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfig {

    @Bean
    SecurityWebFilterChain securityChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder, Callers callers,
                                         SecurityProblems problems) {
        ReactiveAuthorizationManager<AuthorizationContext> table = (authentication, context) -> {
            String path = context.getExchange().getRequest().getPath().pathWithinApplication().value();
            if (AccessRules.isPublic(path)) {
                return reactor.core.publisher.Mono.<AuthorizationResult>just(new AuthorizationDecision(true));
            }
            return authentication.filter(Authentication::isAuthenticated)
                    .<AuthorizationResult>map(a -> new AuthorizationDecision(AccessRules.allows(roles(a),
                            context.getExchange().getRequest().getMethod(), path)))
                    .defaultIfEmpty(new AuthorizationDecision(false));
        };
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(h -> h.hsts(hsts -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true)))
                .authorizeExchange(a -> a.anyExchange().access(table))
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.jwtDecoder(decoder).jwtAuthenticationConverter(callers.authenticationConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    private static Set<Role> roles(Authentication a) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority g : a.getAuthorities()) {
            for (Role r : Role.values()) {
                if (r.authority().equals(g.getAuthority())) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }
}
