package io.clearhouse.gateway.protect;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.gateway.auth.ApiClient;
import io.clearhouse.gateway.auth.AuthProperties;
import io.clearhouse.gateway.auth.Caller;
import io.clearhouse.gateway.auth.Callers;
import io.clearhouse.gateway.auth.ClientDirectory;
import io.clearhouse.gateway.auth.Role;
import io.clearhouse.gateway.web.ProblemWriter;
import io.clearhouse.gateway.web.Problems;
import io.clearhouse.gateway.web.Refusal;
import io.clearhouse.gateway.web.RequestContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a valid token alone does not settle, checked right after authentication and authorization,
 * in this order: the client still exists and is enabled; the request comes from an allowed
 * network; a provider names no other provider; the body is within size; a provider's write is
 * signed; the client is within its rate (a batch costs its item count). Each refusal is
 * problem+json and happens before anything is published or forwarded.
 */
@Component
@Order(ClientPolicyFilter.ORDER)
public class ClientPolicyFilter implements WebFilter {

    /** Right after Spring Security's filter chain (-100). */
    public static final int ORDER = -90;

    private static final Set<String> TRANSACTION_PATHS = Set.of("/v1/transactions", "/v1/transactions/batch");
    private static final String BODY_OVER_LIMIT = ClientPolicyFilter.class.getName() + ".bodyOverLimit";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /**
     * POSTs that only read: reporting's GraphQL has no mutations, so a provider's query is not a signed
     * upload (spooled up to the upload limit) but a small JSON body under the routed limit, like staff's.
     */
    private static final Set<String> READ_POSTS = Set.of("/graphql");

    private final Callers callers;
    private final ClientDirectory clients;
    private final RateLimiter rateLimiter;
    private final JsonLimits jsonLimits;
    private final ProblemWriter problems;
    private final ProtectionProperties limits;
    private final boolean externalIssuer;
    private final Clock clock;
    private final UploadSpool uploads;
    private final ExternalCallerDefaults externalDefaults;

    ClientPolicyFilter(Callers callers, ClientDirectory clients, RateLimiter rateLimiter, JsonLimits jsonLimits,
                       ProblemWriter problems, ProtectionProperties limits, AuthProperties auth,
                       ExternalCallerDefaults externalDefaults, Clock clock) {
        this.externalDefaults = externalDefaults;
        this.callers = callers;
        this.clients = clients;
        this.rateLimiter = rateLimiter;
        this.jsonLimits = jsonLimits;
        this.problems = problems;
        this.limits = limits;
        this.externalIssuer = auth.external().enabled();
        this.clock = clock;
        this.uploads = new UploadSpool(limits.uploadSpoolDir(),
                new SpoolQuota(limits.uploadSpoolMaxTotal().toBytes(), limits.uploadMaxConcurrent()));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return callers.of(exchange).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(caller -> caller.isEmpty() ? Mono.just(exchange) : check(exchange, caller.get()))
                .onErrorResume(Refusal.class, r -> problems.write(exchange, r).then(Mono.empty()))
                .flatMap(checked -> chain.filter(checked).onErrorResume(e -> {
                    // a routed body that outgrew its limit while streaming: the service got a truncated request
                    Refusal over = exchange.getAttribute(BODY_OVER_LIMIT);
                    return over == null ? Mono.error(e) : problems.write(exchange, over);
                }))
                // a spooled upload is removed however the exchange ends: forwarded, refused, failed, cancelled
                .doFinally(signal -> UploadSpool.discard(exchange));
    }

    private Mono<ServerWebExchange> check(ServerWebExchange exchange, Caller caller) {
        RequestContext context = RequestContext.of(exchange);
        context.caller(caller.clientId(), caller.rolesHeader(), caller.providerId());
        return clients.find(caller.clientId()).flatMap(found -> {
            ApiClient client = found.orElse(null);
            if (client == null && !externalIssuer) {
                throw refusal(HttpStatus.UNAUTHORIZED, Problems.INVALID_TOKEN, "Invalid token",
                        "the token's client does not exist");
            }
            if (client == null) {
                // an external issuer's caller without a row: default limits for its role, never unlimited
                client = externalDefaults.clientFor(caller);
            }
            if (client != null && !client.enabled()) {
                throw refusal(HttpStatus.UNAUTHORIZED, Problems.CLIENT_DISABLED, "Client disabled",
                        "this client has been disabled");
            }
            if (client != null && caller.secretVersion() != null && caller.secretVersion() != client.secretVersion()) {
                throw refusal(HttpStatus.UNAUTHORIZED, Problems.INVALID_TOKEN, "Invalid token",
                        "the token was issued before the client's secret was rotated; request a new one");
            }
            if (client != null && !client.allowedCidrs().isEmpty()
                    && client.allowedCidrs().stream().map(ClientPolicyFilter::cidr).noneMatch(c -> c.contains(context.sourceIp()))) {
                throw refusal(HttpStatus.FORBIDDEN, Problems.IP_NOT_ALLOWED, "Address not allowed",
                        "requests from " + context.sourceIp() + " are not allowed for this client");
            }
            ServerHttpRequest request = exchange.getRequest();
            if (caller.is(Role.PROVIDER)) {
                refuseOtherProvider(caller, request);
            }
            boolean providerWrite = caller.is(Role.PROVIDER) && !READS.contains(request.getMethod())
                    && !(request.getMethod() == HttpMethod.POST
                         && READ_POSTS.contains(request.getPath().pathWithinApplication().value()));
            if (!providerWrite) {
                long max = limits.proxiedLimit(request.getPath().pathWithinApplication().value()).toBytes();
                long declared = request.getHeaders().getContentLength();
                if (declared > max) {
                    throw tooLarge(max);
                }
                if (client != null) {
                    exchange.getResponse().getHeaders().setAll(rateLimiter.consume(client, 1));
                }
                if (max > limits.maxProxiedSize().toBytes() && hasBody(request)) {
                    // a file for a large-body path: the gateway signs its digest for the service
                    // (CallerHeadersFilter), so it is spooled to disk, never held in memory
                    return spooledUnsigned(exchange, caller.clientId(), max);
                }
                // a declared length is enforced by the HTTP codec; a chunked body is counted as it streams
                return Mono.just(declared >= 0 ? exchange : countingBody(exchange, max));
            }
            if (client == null || client.signingSecret() == null) {
                throw refusal(HttpStatus.UNAUTHORIZED, Problems.SIGNATURE_INVALID, "Invalid signature",
                        "no signing secret is registered for this client");
            }
            return signedBody(exchange, client);
        });
    }

    /**
     * The exchange with a body that fails once more than {@code max} bytes have passed, remembering
     * the refusal so that the 413 is answered however the routing reports the broken body.
     */
    private static ServerWebExchange countingBody(ServerWebExchange exchange, long max) {
        ServerHttpRequest request = exchange.getRequest();
        return exchange.mutate().request(new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > max) {
                        DataBufferUtils.release(buffer);
                        Refusal refusal = tooLarge(max);
                        exchange.getAttributes().put(BODY_OVER_LIMIT, refusal);
                        sink.error(refusal);
                        return;
                    }
                    sink.next(buffer);
                });
            }
        }).build();
    }

    /** "Provider A's token with provider B's id anywhere": the body is checked by the parser (unknown field). */
    private static void refuseOtherProvider(Caller caller, ServerHttpRequest request) {
        for (String named : request.getQueryParams().getOrDefault("providerId", java.util.List.of())) {
            if (!caller.providerId().equals(named)) {
                throw refusal(HttpStatus.FORBIDDEN, Problems.PROVIDER_MISMATCH, "Provider mismatch",
                        "your token is bound to provider " + caller.providerId() + "; it cannot act for " + named);
            }
        }
        for (String named : request.getHeaders().getOrEmpty(CallerHeaders.PROVIDER)) {
            if (!caller.providerId().equals(named)) {
                throw refusal(HttpStatus.FORBIDDEN, Problems.PROVIDER_MISMATCH, "Provider mismatch",
                        "your token is bound to provider " + caller.providerId() + "; it cannot act for " + named);
            }
        }
    }

    private Mono<ServerWebExchange> signedBody(ServerWebExchange exchange, ApiClient client) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        boolean transactions = TRANSACTION_PATHS.contains(path);
        long max = (transactions ? limits.maxBodySize() : limits.maxUploadSize()).toBytes();
        if (request.getHeaders().getContentLength() > max) {
            return Mono.error(tooLarge(max));
        }
        String timestamp = request.getHeaders().getFirst(RequestSignature.TIMESTAMP_HEADER);
        String signature = request.getHeaders().getFirst(RequestSignature.SIGNATURE_HEADER);
        if (!transactions) {
            return signedUpload(exchange, client, timestamp, signature, max);
        }
        return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, max))
                .map(ClientPolicyFilter::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(max))
                .map(body -> {
                    RequestSignature.verify(client.signingSecret(), timestamp, signature, body, clock.instant(),
                            limits.signatureWindow());
                    long cost = 1;
                    try {
                        JsonNode node = jsonLimits.read(body);
                        JsonLimits.keep(exchange, node);
                        if (node.isArray()) {
                            cost = Math.max(1, node.size());
                        }
                    } catch (JacksonException malformed) {
                        // not JSON: the handler reports where, at the cost of one request
                    }
                    exchange.getResponse().getHeaders().setAll(rateLimiter.consume(client, cost));
                    return exchange.mutate().request(new ServerHttpRequestDecorator(request) {
                        @Override
                        public Flux<DataBuffer> getBody() {
                            return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
                        }
                    }).build();
                });
    }

    /**
     * Statement uploads are too big to hold: the body is spooled to disk while its MAC is computed
     * over the stream, the signature compared at its last byte, and only then is the file forwarded
     * (streamed from disk). Before a byte is read, the signature headers are checked, the rate limit
     * charged and the client's share of the spool reserved ({@link SpoolQuota}), so that a token
     * without the signing secret can neither fill the disk nor hold many uploads open. A refused
     * upload forwards nothing.
     */
    private Mono<ServerWebExchange> signedUpload(ServerWebExchange exchange, ApiClient client, String timestamp,
                                                 String signature, long max) {
        RequestSignature.checkHeaders(timestamp, signature, clock.instant(), limits.signatureWindow());
        exchange.getResponse().getHeaders().setAll(rateLimiter.consume(client, 1));
        uploads.reserve(exchange, client.clientId(), max);
        return uploads.spool(exchange, RequestSignature.start(client.signingSecret(), timestamp), max,
                        () -> tooLarge(max))
                .map(spooled -> {
                    RequestSignature.checkMac(spooled.mac(), signature);
                    return UploadSpool.forward(exchange, spooled);
                });
    }

    /** A staff upload to a large-body path: spooled (within the client's spool share) so its digest is known. */
    private Mono<ServerWebExchange> spooledUnsigned(ServerWebExchange exchange, String clientId, long max) {
        uploads.reserve(exchange, clientId, max);
        return uploads.spool(exchange, null, max, () -> tooLarge(max))
                .map(spooled -> UploadSpool.forward(exchange, spooled));
    }

    /** Whether the request carries a body at all (a declared non-zero length, or a chunked one). */
    static boolean hasBody(ServerHttpRequest request) {
        long declared = request.getHeaders().getContentLength();
        return declared > 0 || (declared < 0 && request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING));
    }

    /** The buffer's readable bytes, the buffer released. */
    static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] b = new byte[buffer.readableByteCount()];
            buffer.read(b);
            return b;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Allow-lists are parsed once, not per request; bounded by the clients' distinct entries. */
    private static final ConcurrentMap<String, Cidr> CIDRS = new ConcurrentHashMap<>();

    private static Cidr cidr(String text) {
        Cidr cached = CIDRS.get(text);
        if (cached != null) {
            return cached;
        }
        if (CIDRS.size() >= 10_000) {
            CIDRS.clear();
        }
        return CIDRS.computeIfAbsent(text, Cidr::parse);
    }

    private static Refusal tooLarge(long max) {
        return new Refusal(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                "the request body exceeds " + max + " bytes", Map.of());
    }

    private static Refusal refusal(HttpStatus status, java.net.URI type, String title, String detail) {
        return new Refusal(status, type, title, detail);
    }
}
