package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.transaction.ProviderResolver;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The calling provider is the one its token is bound to: never a parameter, a header or the body. */
@Component
class TokenProviderResolver implements ProviderResolver {

    private final Callers callers;

    TokenProviderResolver(Callers callers) {
        this.callers = callers;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return callers.of(exchange)
                .filter(c -> c.is(Role.PROVIDER) && c.providerId() != null)
                .map(Caller::providerId)
                .switchIfEmpty(Mono.error(() -> new Refusal(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                        "only a PROVIDER client bound to a provider may submit transactions")));
    }
}
