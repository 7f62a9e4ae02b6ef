package io.clearhouse.console.transaction;

import static io.clearhouse.console.gateway.GatewayHttp.uri;

import io.clearhouse.console.gateway.GatewayHttp;
import io.clearhouse.console.gateway.GatewayProblem;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A transaction's history across the services: ingest's timeline ({@code /v1/transactions/{providerTxId}/history},
 * which holds what ingest did and what settlement and reconciliation announced on the history topic) and
 * settlement's own record of counting it ({@code /v1/settlements/transactions/{transactionId}}).
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

    /** Where settlement counted the ledger transaction; empty while it has not (a 404). */
    Optional<Map<String, Object>> counted(String transactionId) {
        try {
            return Optional.ofNullable(http.getObject(uri("/v1/settlements/transactions/{id}",
                    Map.of("id", transactionId), Map.of())));
        } catch (GatewayProblem.Refused refused) {
            if (refused.problem().status() == 404) {
                return Optional.empty();
            }
            throw refused;
        }
    }
}
