package io.clearhouse.reporting;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.support.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local webhook endpoint for the tests: records every request; answers 500 to a body that mentions
 * one of the {@link #alwaysFailFor} texts, 503 to the first attempt of any other delivery, 200 after.
 */
public final class WebhookReceiver {

    /** One received request. */
    public record Received(String timestamp, String signature, String eventId, String delivery, String attempt,
                           String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> alwaysFailFor = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver r = new WebhookReceiver(server);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String delivery = exchange.getRequestHeaders().getFirst("X-Clearhouse-Delivery");
                r.received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID), delivery,
                        exchange.getRequestHeaders().getFirst("X-Clearhouse-Attempt"), body));
                int status;
                if (r.alwaysFailFor.stream().anyMatch(body::contains)) {
                    status = 500;
                } else {
                    status = r.attempts.computeIfAbsent(String.valueOf(delivery), k -> new AtomicInteger())
                            .incrementAndGet() == 1 ? 503 : 200;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void alwaysFailFor(String text) {
        alwaysFailFor.add(text);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }
}
