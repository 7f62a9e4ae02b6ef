package io.clearhouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Actuator endpoints but health are served only to {@code metrics-cidrs} (default loopback). The
 * tests' requests come from 127.0.0.1, a trusted proxy here, so {@code X-Forwarded-For} names the
 * caller's address.
 */
class ActuatorAccessIT extends GatewayITBase {

    private HttpResponse<String> get(String path, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return send(b);
    }

    @Test
    void metricsAreRefusedOutsideTheMonitoringNetworks() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/info", "/actuator/gateway/routes",
                "/actuator"}) {
            assertRefused(get(path, "203.0.113.7"), 403, "ip-not-allowed");
            assertRefused(get(path, "2001:db8::7"), 403, "ip-not-allowed");
        }
    }

    @Test
    void metricsAreServedToLoopback() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthStaysOpenToEveryone() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness"}) {
            HttpResponse<String> r = get(path, "203.0.113.7");
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            assertThat(r.body()).contains("UP");
        }
    }
}
