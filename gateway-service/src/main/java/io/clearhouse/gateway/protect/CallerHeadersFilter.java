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
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
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
 * ({@link CallerHeaders#IDENTITY}, {@link GatewayIdentity}) over the method, path, query and body the
 * service will see, with a fresh nonce, so that a service believes these headers only when this
 * gateway set them for exactly this request, and only once. The body's length and SHA-256
 * ({@link CallerHeaders#BODY}) come from the spool when the body was spooled to disk (uploads), else
 * from the body read here whole (every other routed body is bounded by the routed limit, 1 MB).
 */
@Component
class CallerHeadersFilter implements GlobalFilter, Ordered {

    private static final String PREFIX = "X-Clearhouse-";

    private final Callers callers;
    private final GatewayIdentity identity;
    private final Clock clock;
    private final ProtectionProperties limits;

    CallerHeadersFilter(Callers callers, GatewayIdentity identity, Clock clock, ProtectionProperties limits) {
        this.callers = callers;
        this.identity = identity;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        // before the route's URL is computed from the request URI
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return body(exchange).flatMap(read -> callers.of(exchange).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(caller -> forward(read.exchange(), read.body(), caller, chain)));
    }

    private Mono<Void> forward(ServerWebExchange exchange, GatewayIdentity.Body body, Optional<Caller> caller,
                               GatewayFilterChain chain) {
        RequestContext context = RequestContext.of(exchange);
        ServerHttpRequest original = exchange.getRequest();
        URI target = caller.map(c -> c.is(Role.PROVIDER)).orElse(false)
                ? withProvider(original.getURI(), caller.get()) : original.getURI();
        // the path and query as the service sees them: routes forward them unchanged (the query in
        // canonical form, so that re-encoding on the way does not matter)
        GatewayIdentity.Claim claim = new GatewayIdentity.Claim(original.getMethod().name(), target.getRawPath(),
                GatewayIdentity.canonicalQuery(target.getRawQuery()), body, caller.map(Caller::clientId).orElse(null),
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
            h.set(CallerHeaders.BODY, body.header());
            h.set(CallerHeaders.IDENTITY, signature);
        });
        if (target != original.getURI()) {
            request.uri(target);
        }
        return chain.filter(exchange.mutate().request(request.build()).build());
    }

    private record Read(ServerWebExchange exchange, GatewayIdentity.Body body) {
    }

    /**
     * The body the service will get, and the exchange that forwards exactly it: the spooled file's
     * digest; nothing; or the body read whole (bounded by the path's routed limit) and forwarded
     * from memory with its exact length.
     */
    private Mono<Read> body(ServerWebExchange exchange) {
        GatewayIdentity.Body spooled = UploadSpool.spooledBody(exchange);
        if (spooled != null) {
            return Mono.just(new Read(exchange, spooled));
        }
        ServerHttpRequest request = exchange.getRequest();
        if (!ClientPolicyFilter.hasBody(request)) {
            return Mono.just(new Read(exchange, GatewayIdentity.Body.EMPTY));
        }
        long max = limits.proxiedLimit(request.getPath().pathWithinApplication().value()).toBytes();
        return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE - 8, max))
                .map(ClientPolicyFilter::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new Refusal(HttpStatus.CONTENT_TOO_LARGE,
                        Problems.PAYLOAD_TOO_LARGE, "Payload too large", "the request body exceeds " + max + " bytes",
                        java.util.Map.of()))
                .map(bytes -> {
                    ServerHttpRequest fromMemory = new ServerHttpRequestDecorator(request.mutate().headers(h -> {
                        h.remove(HttpHeaders.TRANSFER_ENCODING);
                        h.setContentLength(bytes.length);
                    }).build()) {
                        @Override
                        public Flux<DataBuffer> getBody() {
                            return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
                        }
                    };
                    return new Read(exchange.mutate().request(fromMemory).build(), GatewayIdentity.Body.of(bytes));
                });
    }

    static URI withProvider(URI uri, Caller caller) {
        return UriComponentsBuilder.fromUri(uri).replaceQueryParam("providerId", caller.providerId()).build(true)
                .toUri();
    }
}
