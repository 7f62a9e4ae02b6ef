package io.clearhouse.settlement.contract;

/** A new contract version was stored; published in the storing transaction. */
public record ContractVersionAdded(String providerId, int version) {
}
