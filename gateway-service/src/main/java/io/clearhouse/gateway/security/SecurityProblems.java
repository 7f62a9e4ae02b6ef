package io.clearhouse.gateway.security;

import io.clearhouse.gateway.auth.Callers;
import io.clearhouse.gateway.web.ProblemWriter;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import io.clearhouse.gateway.web.RequestContext;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's refusals as problem+json: 401 with an RFC 6750 {@code WWW-Authenticate}
 * challenge when the token is missing or not valid, 403 when the role does not allow the route.
 */
@Component
class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final ProblemWriter writer;
    private final Callers callers;

    SecurityProblems(ProblemWriter writer, Callers callers) {
        this.writer = writer;
        this.callers = callers;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        if (e instanceof InvalidBearerTokenException || e instanceof OAuth2AuthenticationException) {
            String description = e instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null
                    ? o.getError().getDescription() : "the bearer token is not valid";
            return writer.write(exchange, new Refusal(HttpStatus.UNAUTHORIZED, Problems.INVALID_TOKEN,
                    "Invalid token", description, Map.of(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"clearhouse\", error=\"invalid_token\"")));
        }
        return writer.write(exchange, new Refusal(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                "Authentication required", "send a bearer token from POST /oauth2/token",
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"clearhouse\"")));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException e) {
        return callers.of(exchange).doOnNext(c -> RequestContext.of(exchange).caller(c.clientId(), c.rolesHeader(),
                        c.providerId()))
                .then(writer.write(exchange, new Refusal(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                        "your role does not allow " + exchange.getRequest().getMethod() + " "
                                + exchange.getRequest().getPath().value(),
                        Map.of(HttpHeaders.WWW_AUTHENTICATE,
                                "Bearer realm=\"clearhouse\", error=\"insufficient_scope\""))));
    }
}
