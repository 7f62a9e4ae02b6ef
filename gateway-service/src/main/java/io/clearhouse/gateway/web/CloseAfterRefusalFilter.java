package io.clearhouse.gateway.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Ends the connection after a refusal (4xx or 5xx) of a request that carries a body.
 *
 * <p>Most refusals (no token, wrong signature, rate limit, throttled login, size) are answered before
 * the body is read. RFC 9112 §9.6 leaves a server two choices then: read and discard the rest of the
 * body, or close the connection. Keeping the connection open without reading made the next request a
 * keep-alive client sent on it wait for ever: Reactor Netty 1.3.6 queues a request that arrives while
 * the previous one's unread body keeps its operations alive, and that queued read is lost
 * (reactor/reactor-netty#4361, #4188). Seen as a hung token request after a 429 from the failed-login
 * throttle. Closing costs a refused client one reconnect and spares the gateway reading bodies
 * (up to the upload limit) that it has already refused; a bodiless request (GET) keeps its connection.
 */
@Component
@Order(CloseAfterRefusalFilter.ORDER)
class CloseAfterRefusalFilter implements WebFilter {

    /** Before everything else, so that every refusal, whoever writes it, is covered. */
    static final int ORDER = -300;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (carriesBody(exchange.getRequest())) {
            exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
                HttpStatusCode status = exchange.getResponse().getStatusCode();
                if (status != null && (status.is4xxClientError() || status.is5xxServerError())) {
                    exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                }
            }));
        }
        return chain.filter(exchange);
    }

    static boolean carriesBody(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() > 0 || headers.getFirst(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}
