package io.clearhouse.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/up", 200, "{\"status\":\"UP\",\"groups\":[\"liveness\"]}");
        answer("/down", 503, "{\"status\":\"DOWN\"}");
        answer("/unknown", 200, "{\"status\":\"OUT_OF_SERVICE\"}");
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void healthyWhenTheServiceAnswersUp() {
        assertThat(HealthProbe.check(url("/up"))).isTrue();
    }

    @Test
    void unhealthyWhenTheServiceAnswersDownOrAnythingButUp() {
        assertThat(HealthProbe.check(url("/down"))).isFalse();
        assertThat(HealthProbe.check(url("/unknown"))).isFalse();
    }

    @Test
    void unhealthyWhenNothingListens() {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThat(HealthProbe.check("http://127.0.0.1:" + port + "/up")).isFalse();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
