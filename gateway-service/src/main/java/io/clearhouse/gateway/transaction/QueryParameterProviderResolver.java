package io.clearhouse.gateway.transaction;

import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.InvalidRequestException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Takes the provider from the {@code providerId} query parameter. Stand-in until token
 * authentication binds the provider to the caller.
 */
@Component
@ConditionalOnMissingBean(value = ProviderResolver.class, ignored = QueryParameterProviderResolver.class)
class QueryParameterProviderResolver implements ProviderResolver {

    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        String providerId = exchange.getRequest().getQueryParams().getFirst("providerId");
        if (providerId == null || !PROVIDER.matcher(providerId).matches()) {
            return Mono.error(new InvalidRequestException("the provider is not identified",
                    List.of(new FieldError("providerId", "required: lowercase letters, digits and dashes"))));
        }
        return Mono.just(providerId);
    }
}
