package io.clearhouse.console.anomaly;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Reporting's anomalies ({@code /v1/anomalies}): list, one with its evidence, acknowledge. */
@Component
class AnomalyClient {

    static final int PAGE_SIZE_MAX = 100;

    private final GatewayHttp http;

    AnomalyClient(GatewayHttp http) {
        this.http = http;
    }

    Map<String, Object> list(String providerId, String status, int page, int size) {
        Map<String, Object> q = new HashMap<>();
        q.put("providerId", providerId);
        q.put("status", status);
        q.put("page", page);
        q.put("size", Math.min(size, PAGE_SIZE_MAX));
        return http.getObject(uri("/v1/anomalies", Map.of(), q));
    }

    Map<String, Object> one(long id) {
        return http.getObject(uri("/v1/anomalies/{id}", Map.of("id", id), Map.of()));
    }

    void acknowledge(long id, String reason) {
        http.post(uri("/v1/anomalies/{id}/acknowledge", Map.of("id", id), Map.of()), Map.of("reason", reason));
    }
}
