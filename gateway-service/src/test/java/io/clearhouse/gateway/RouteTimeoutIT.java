package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.clearhouse.gateway.auth.Role;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that does not answer within the route's response timeout (2 s here) gets the caller a
 * 504 problem naming the cause, and a service that is down a 502: a caller never waits without bound.
 */
class RouteTimeoutIT extends GatewayITBase {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final HttpServer SILENT = silent();

    private static HttpServer silent() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                try {
                    RELEASE.await(60, TimeUnit.SECONDS); // never answers while the test runs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void slowServices(DynamicPropertyRegistry r) {
        r.add("clearhouse.test.reporting-url", () -> "http://127.0.0.1:" + SILENT.getAddress().getPort());
        r.add("clearhouse.test.settlement-url", () -> "http://127.0.0.1:" + closedPort()); // nothing listens there
        r.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "2s");
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        SILENT.stop(0);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA504Problem() throws Exception {
        String finance = token(client(Role.FINANCE));
        long started = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/v1/reports?date=2026-12-01"))
                .header("Authorization", "Bearer " + finance).GET());
        assertRefused(r, 504, "gateway-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered after the timeout, not hung")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aServiceThatIsDownIsA502Problem() throws Exception {
        String finance = token(client(Role.FINANCE));
        assertRefused(send(HttpRequest.newBuilder(url("/v1/statements")).header("Authorization", "Bearer " + finance)
                .GET()), 502, "bad-gateway");
    }
}
