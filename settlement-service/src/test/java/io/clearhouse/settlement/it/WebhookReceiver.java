package io.clearhouse.settlement.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server the ITs' settlement sends its alert webhooks to (one per test JVM, started on
 * first use, loopback only): it answers 204 and keeps every request's headers and body.
 */
final class WebhookReceiver {

    static final String SECRET = "webhook-secret-for-settlement-its";
    private static WebhookReceiver instance;

    /** One delivered notification. */
    record Delivery(Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks/settlement", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), in.readNBytes(1_000_000)));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    static synchronized WebhookReceiver get() {
        if (instance == null) {
            instance = new WebhookReceiver();
        }
        return instance;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/settlement";
    }

    /** The deliveries whose body mentions {@code text} (a provider id). */
    List<Delivery> mentioning(String text) {
        return deliveries.stream().filter(d -> d.text().contains(text)).toList();
    }
}
