package io.clearhouse.console.transaction;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A transaction's history across the services ({@code /v1/transactions/{providerTxId}/history}):
 * ingest's judgement, settlement's aggregation and reconciliation's matching as one timeline.
 */
@Component
class TransactionClient {

    private final GatewayHttp http;

    TransactionClient(GatewayHttp http) {
        this.http = http;
    }

    Map<String, Object> history(String providerId, String providerTxId) {
        return http.getObject(uri("/v1/transactions/{tx}/history", Map.of("tx", providerTxId),
                Map.of("providerId", providerId)));
    }
}
