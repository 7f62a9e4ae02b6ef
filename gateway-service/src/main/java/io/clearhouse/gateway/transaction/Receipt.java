package io.clearhouse.gateway.transaction;

/** What the gateway promises for one accepted transaction: it is durable and can be queried. */
public record Receipt(String providerTxId, String status, String statusUrl) {

    static Receipt accepted(String providerTxId) {
        return new Receipt(providerTxId, "ACCEPTED", "/v1/transactions/" + providerTxId);
    }
}
