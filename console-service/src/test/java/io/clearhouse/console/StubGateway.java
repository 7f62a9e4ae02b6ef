package io.clearhouse.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the gateway in the console's tests: a real HTTP server on a random port answering
 * canned responses by "METHOD /path" (query ignored), recording every request it received. Anything
 * not canned is a 404 problem, as the gateway would answer.
 */
final class StubGateway implements AutoCloseable {

    /** One canned answer. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Answer problem(int status, String json) {
            return new Answer(status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    /** One request as received. */
    record Received(String method, String path, String query, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger inFlightMax = new AtomicInteger();
    private volatile String heldPrefix;
    private volatile CountDownLatch held = new CountDownLatch(0);

    /** A stub gateway listening already, for a test class's static field. */
    static StubGateway started() {
        try {
            return new StubGateway();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    StubGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String methodAndPath, Answer answer) {
        answers.put(methodAndPath, answer);
    }

    void reset() {
        answers.clear();
        received.clear();
        release();
    }

    /**
     * Holds each request whose path starts with {@code pathPrefix} until {@code n} of them are in flight
     * at once (at most 5 s, then answers anyway): calls made one after another meet the timeout and leave
     * {@link #inFlightMax()} below {@code n}.
     */
    void holdUntilConcurrent(String pathPrefix, int n) {
        inFlightMax.set(0);
        held = new CountDownLatch(n);
        heldPrefix = pathPrefix;
    }

    void release() {
        heldPrefix = null;
        held = new CountDownLatch(0);
    }

    /** The most requests held at once since {@link #holdUntilConcurrent}. */
    int inFlightMax() {
        return inFlightMax.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("the stub gateway received no " + method + " " + path
                        + "; it received " + received));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            String prefix = heldPrefix;
            if (prefix != null && path.startsWith(prefix)) {
                CountDownLatch latch = held;
                inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                latch.countDown();
                try {
                    latch.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Answer a = answers.getOrDefault(exchange.getRequestMethod() + " " + path, Answer.problem(404,
                    "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"nothing canned for " + path + "\"}"));
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    /** An unsigned JWT with the gateway's claims (the console never checks the signature). */
    static String token(String user, String role, String providerId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = "{\"client_id\":\"" + user + "\",\"roles\":[\"" + role + "\"]"
                + (providerId == null ? "" : ",\"provider_id\":\"" + providerId + "\"")
                + ",\"exp\":" + (System.currentTimeMillis() / 1000 + 900) + "}";
        return header + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
