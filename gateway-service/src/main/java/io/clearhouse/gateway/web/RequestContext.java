package io.clearhouse.gateway.web;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the gateway learned about one request as it went through the filters: who called, from
 * where, and why it was refused, if it was. The access log writes it when the response completes.
 * Mutable on purpose: filters fill it in turn on the one exchange; it never leaves the request.
 */
public final class RequestContext {

    private static final String ATTRIBUTE = RequestContext.class.getName();

    private final long startNanos;
    private final String requestId;
    private volatile String sourceIp;
    private volatile String clientId;
    private volatile String role;
    private volatile String providerId;
    private volatile String refusal;

    public RequestContext(long startNanos, String requestId, String sourceIp) {
        this.startNanos = startNanos;
        this.requestId = requestId;
        this.sourceIp = sourceIp;
    }

    public static RequestContext of(ServerWebExchange exchange) {
        RequestContext context = exchange.getAttribute(ATTRIBUTE);
        if (context == null) {
            // only when a filter runs without the access-log filter in front (never in the application)
            context = new RequestContext(System.nanoTime(), java.util.UUID.randomUUID().toString(), "unknown");
            exchange.getAttributes().put(ATTRIBUTE, context);
        }
        return context;
    }

    public static void attach(ServerWebExchange exchange, RequestContext context) {
        exchange.getAttributes().put(ATTRIBUTE, context);
    }

    public long startNanos() {
        return startNanos;
    }

    public String requestId() {
        return requestId;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public void sourceIp(String ip) {
        this.sourceIp = ip;
    }

    public String clientId() {
        return clientId;
    }

    public String role() {
        return role;
    }

    public String providerId() {
        return providerId;
    }

    public void caller(String clientId, String role, String providerId) {
        this.clientId = clientId;
        this.role = role;
        this.providerId = providerId;
    }

    public String refusal() {
        return refusal;
    }

    /** Keeps the first reason: a later handler must not hide why the request was refused. */
    public void refused(String reason) {
        if (this.refusal == null) {
            this.refusal = reason;
        }
    }
}
