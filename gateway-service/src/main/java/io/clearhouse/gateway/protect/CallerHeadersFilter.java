package io.clearhouse.gateway.protect;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.common.identity.GatewayIdentity;
import io.clearhouse.gateway.auth.Caller;
import io.clearhouse.gateway.auth.Callers;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.web.RequestContext;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * On every request routed to a service: removes whatever {@code X-Clearhouse-*} headers and
 * credentials the client sent, and sets the caller's identity in the headers the services trust
 * ({@link CallerHeaders}). A provider's requests carry its provider, from the token, also as the
 * {@code providerId} query parameter that ingest's status endpoint reads. The identity is signed
 * ({@link CallerHeaders#IDENTITY}, {@link GatewayIdentity}) over the method and path the service
 * will see, so that a service believes these headers only when this gateway set them.
 */
@Component
class CallerHeadersFilter implements GlobalFilter, Ordered {

    private static final String PREFIX = "X-Clearhouse-";

    private final Callers callers;
    private final GatewayIdentity identity;
    private final Clock clock;

    CallerHeadersFilter(Callers callers, GatewayIdentity identity, Clock clock) {
        this.callers = callers;
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        // before the route's URL is computed from the request URI
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        RequestContext context = RequestContext.of(exchange);
        return callers.of(exchange).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(caller -> {
            ServerHttpRequest original = exchange.getRequest();
            // the path as the service sees it: routes forward it unchanged, query string not signed
            GatewayIdentity.Claim claim = new GatewayIdentity.Claim(original.getMethod().name(),
                    original.getURI().getRawPath(), caller.map(Caller::clientId).orElse(null),
                    caller.map(Caller::rolesHeader).orElse(null),
                    caller.filter(c -> c.is(Role.PROVIDER)).map(Caller::providerId).orElse(null), context.requestId());
            String signature = identity.sign(claim, clock.instant().getEpochSecond());
            ServerHttpRequest.Builder request = original.mutate().headers(h -> {
                for (String name : new ArrayList<>(h.headerNames())) {
                    if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                        h.remove(name);
                    }
                }
                h.remove(HttpHeaders.AUTHORIZATION);
                h.set(CallerHeaders.REQUEST_ID, context.requestId());
                caller.ifPresent(c -> {
                    h.set(CallerHeaders.ACTOR, c.clientId());
                    h.set(CallerHeaders.ROLES, c.rolesHeader());
                    if (c.is(Role.PROVIDER)) {
                        h.set(CallerHeaders.PROVIDER, c.providerId());
                    }
                });
                h.set(CallerHeaders.IDENTITY, signature);
            });
            if (caller.map(c -> c.is(Role.PROVIDER)).orElse(false)) {
                request.uri(withProvider(exchange.getRequest().getURI(), caller.get()));
            }
            return chain.filter(exchange.mutate().request(request.build()).build());
        });
    }

    static URI withProvider(URI uri, Caller caller) {
        return UriComponentsBuilder.fromUri(uri).replaceQueryParam("providerId", caller.providerId()).build(true)
                .toUri();
    }
}
