package io.clearhouse.gateway.access;

import io.clearhouse.common.identity.CallerHeaders;
import io.clearhouse.gateway.protect.ProtectionProperties;
import io.clearhouse.gateway.protect.Cidr;
import io.clearhouse.gateway.protect.SourceAddress;
import io.clearhouse.gateway.web.RequestContext;
import io.clearhouse.gateway.web.RequestIdBaggage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first thing every request meets: assigns the request id (the client's {@code X-Request-Id}
 * when well-formed) and puts it in the MDC of every line logged while the request is handled
 * ({@link RequestIdBaggage}), works out the source address, and when the response is done records the
 * request in the access log and in {@code clearhouse_gateway_requests_total{client,outcome}} and
 * {@code clearhouse_gateway_refusals_total{reason}}.
 */
@Component
@Order(AccessLogFilter.ORDER)
class AccessLogFilter implements WebFilter {

    /** Before Spring Security (-100), so that refusals by authentication are logged too. */
    static final int ORDER = -200;
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Paths are logged, not query strings: those may carry references a log need not hold. */
    private static final int PATH_MAX = 512;

    private final AccessLogWriter writer;
    private final RequestIdBaggage requestIdBaggage;
    private final MeterRegistry meters;
    private final List<Cidr> trustedProxies;
    private final Clock clock;
    private static final int COUNTERS_MAX = 20_000;
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();

    AccessLogFilter(AccessLogWriter writer, RequestIdBaggage requestIdBaggage, MeterRegistry meters,
                    ProtectionProperties protection, Clock clock) {
        this.writer = writer;
        this.requestIdBaggage = requestIdBaggage;
        this.meters = meters;
        this.trustedProxies = protection.trustedProxyCidrs();
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(CallerHeaders.REQUEST_ID);
        String requestId = given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String remoteIp = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        String source = SourceAddress.resolve(remoteIp,
                exchange.getRequest().getHeaders().getFirst("X-Forwarded-For"), trustedProxies);
        RequestContext context = new RequestContext(System.nanoTime(), requestId, source);
        ServerWebExchange tagged = exchange.mutate()
                .request(r -> r.headers(h -> h.set(CallerHeaders.REQUEST_ID, requestId))).build();
        RequestContext.attach(tagged, context);
        tagged.getResponse().getHeaders().set(CallerHeaders.REQUEST_ID, requestId);
        tagged.getResponse().beforeCommit(() -> Mono.fromRunnable(() ->
                tagged.getResponse().getHeaders().set(CallerHeaders.REQUEST_ID, requestId)));
        return chain.filter(tagged).contextWrite(requestIdBaggage.of(requestId))
                .doFinally(signal -> record(tagged, context));
    }

    private void record(ServerWebExchange exchange, RequestContext context) {
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        int status = code == null ? 200 : code.value();
        int latencyMs = (int) Math.min(Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - context.startNanos()));
        String path = exchange.getRequest().getPath().value();
        String refusal = context.refusal();
        if (refusal == null && status >= 400 && status < 500) {
            refusal = "status-" + status;
        }
        writer.record(new AccessRecord(clock.instant(), context.clientId(), context.role(), context.providerId(),
                context.sourceIp(), exchange.getRequest().getMethod().name(),
                path.length() > PATH_MAX ? path.substring(0, PATH_MAX) : path, status, latencyMs,
                context.requestId(), status < 400 ? null : refusal));
        String outcome = status < 400 ? "allowed" : status < 500 ? "refused" : "failed";
        String client = context.clientId() == null ? "anonymous" : context.clientId();
        counter(requests, client + '\n' + outcome, () -> Counter.builder("clearhouse.gateway.requests")
                .description("requests through the gateway by client and outcome")
                .tag("client", client).tag("outcome", outcome).register(meters)).increment();
        if (status >= 400 && status < 500) {
            String reason = refusal;
            counter(refusals, reason, () -> Counter.builder("clearhouse.gateway.refusals")
                    .description("refused requests by reason").tag("reason", reason).register(meters)).increment();
        }
    }

    /** Counters are looked up once per tag set, not built per request; bounded like the clients' count. */
    private static Counter counter(ConcurrentMap<String, Counter> cache, String key, Supplier<Counter> make) {
        Counter c = cache.get(key);
        if (c != null) {
            return c;
        }
        if (cache.size() >= COUNTERS_MAX) {
            cache.clear();
        }
        return cache.computeIfAbsent(key, k -> make.get());
    }
}
