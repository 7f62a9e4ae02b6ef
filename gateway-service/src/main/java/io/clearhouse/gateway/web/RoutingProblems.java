package io.clearhouse.gateway.web;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * What a caller gets when the service behind a route fails it: a service that does not answer within
 * the route's response timeout is a {@code 504 gateway-timeout}, one that cannot be reached a
 * {@code 502 bad-gateway}, both RFC 9457 problem+json like every other refusal (Spring Cloud Gateway
 * would answer its own JSON error shape). Before Boot's error handler (order -1).
 */
@Component
@Order(-2)
class RoutingProblems implements WebExceptionHandler {

    private final ProblemWriter problems;

    RoutingProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (ex instanceof Refusal refusal) {
            // a refusal raised while a routed body is read (over its limit)
            return problems.write(exchange, refusal);
        }
        if (ex instanceof TimeoutException || (ex instanceof ResponseStatusException rse
                && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())) {
            return problems.write(exchange, new Refusal(HttpStatus.GATEWAY_TIMEOUT, Problems.GATEWAY_TIMEOUT,
                    "Gateway timeout", "the service behind this route did not answer in time; the request may or"
                            + " may not have taken effect: check before repeating a write", Map.of("Retry-After", "5")));
        }
        if (unreachable(ex)) {
            return problems.write(exchange, new Refusal(HttpStatus.BAD_GATEWAY, Problems.BAD_GATEWAY, "Bad gateway",
                    "the service behind this route cannot be reached right now; retry shortly", Map.of("Retry-After", "5")));
        }
        return Mono.error(ex);
    }

    /** A refused connection or an unresolvable host, anywhere in the cause chain (bounded). */
    private static boolean unreachable(Throwable ex) {
        Throwable t = ex;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
