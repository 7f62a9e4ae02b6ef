package io.clearhouse.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link Refusal} as RFC 9457 problem+json from a filter, where no controller advice applies. */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, Refusal refusal) {
        RequestContext context = RequestContext.of(exchange);
        context.refused(refusal.reason());
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(refusal.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        refusal.headers().forEach((k, v) -> response.getHeaders().set(k, v));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", refusal.type().toString());
        body.put("title", refusal.title());
        body.put("status", refusal.status().value());
        body.put("detail", refusal.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("requestId", context.requestId());
        if (!refusal.errors().isEmpty()) {
            body.put("errors", refusal.errors());
        }
        DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(body));
        return response.writeWith(Mono.just(buffer));
    }
}
