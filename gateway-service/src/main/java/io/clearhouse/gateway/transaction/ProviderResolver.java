package io.clearhouse.gateway.transaction;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who is calling, as a provider id. The one place that decides it, so authentication can replace
 * the resolution without touching the handlers.
 */
public interface ProviderResolver {

    /** The calling provider, or an error that the problem handler turns into a refusal. */
    Mono<String> resolve(ServerWebExchange exchange);
}
