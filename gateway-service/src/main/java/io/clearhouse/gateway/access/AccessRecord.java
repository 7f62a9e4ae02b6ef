package io.clearhouse.gateway.access;

import java.time.Instant;

/** One request through the gateway as the access log keeps it. {@code refusal} is null when allowed. */
public record AccessRecord(Instant occurredAt, String clientId, String role, String providerId, String sourceIp,
                           String method, String path, int status, int latencyMs, String requestId,
                           String refusal) {
}
