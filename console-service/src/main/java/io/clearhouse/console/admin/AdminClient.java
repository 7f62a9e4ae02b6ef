package io.clearhouse.console.admin;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The gateway's administration: API clients ({@code /v1/admin/clients}), people
 * ({@code /v1/admin/users}) and ingest's provider settings ({@code /v1/ingest/providers}). ADMIN only.
 */
@Component
class AdminClient {

    private final GatewayHttp http;

    AdminClient(GatewayHttp http) {
        this.http = http;
    }

    List<Map<String, Object>> clients() {
        return http.getList(uri("/v1/admin/clients", Map.of(), Map.of()));
    }

    /** 201 with {@code clientSecret} and {@code signingSecret}: shown once, never kept. */
    Map<String, Object> createClient(String clientId, String role, String providerId, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientId", clientId);
        body.put("role", role);
        body.put("providerId", providerId);
        body.put("reason", reason);
        return http.post(uri("/v1/admin/clients", Map.of(), Map.of()), body);
    }

    void disableClient(String clientId, String reason) {
        http.post(uri("/v1/admin/clients/{id}/disable", Map.of("id", clientId), Map.of()), Map.of("reason", reason));
    }

    Map<String, Object> rotateClient(String clientId, String reason) {
        return http.post(uri("/v1/admin/clients/{id}/rotate-secret", Map.of("id", clientId), Map.of()),
                Map.of("reason", reason));
    }

    List<Map<String, Object>> users() {
        return http.getList(uri("/v1/admin/users", Map.of(), Map.of()));
    }

    /** 201 with {@code password}, {@code totpSecret} and {@code otpauthUri}: shown once, never kept. */
    Map<String, Object> createUser(String userId, String role, String providerId, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("userId", userId);
        body.put("role", role);
        body.put("providerId", providerId);
        body.put("reason", reason);
        return http.post(uri("/v1/admin/users", Map.of(), Map.of()), body);
    }

    void disableUser(String userId, String reason) {
        http.post(uri("/v1/admin/users/{id}/disable", Map.of("id", userId), Map.of()), Map.of("reason", reason));
    }

    /** A new password and TOTP secret, shown once. */
    Map<String, Object> resetUser(String userId, String reason) {
        return http.post(uri("/v1/admin/users/{id}/reset", Map.of("id", userId), Map.of()), Map.of("reason", reason));
    }

    List<Map<String, Object>> providers() {
        return http.getList(uri("/v1/ingest/providers", Map.of(), Map.of()));
    }

    Map<String, Object> provider(String providerId) {
        return http.getObject(uri("/v1/ingest/providers/{id}", Map.of("id", providerId), Map.of()));
    }

    /** Absent fields keep the value in force. */
    void putProvider(String providerId, String timeZone, Integer cutoffHour, String uniquenessMode, String rollbackWait) {
        Map<String, Object> body = new HashMap<>();
        body.put("timeZone", timeZone);
        body.put("cutoffHour", cutoffHour);
        body.put("uniquenessMode", uniquenessMode);
        body.put("rollbackWait", rollbackWait);
        http.put(uri("/v1/ingest/providers/{id}", Map.of("id", providerId), Map.of()), body);
    }
}
