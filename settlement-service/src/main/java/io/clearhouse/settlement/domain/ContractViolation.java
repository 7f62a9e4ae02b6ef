package io.clearhouse.settlement.domain;

/** A contract term that cannot stand; names the field (dotted path) so the API can report it. */
public final class ContractViolation extends IllegalArgumentException {

    private final String field;

    public ContractViolation(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
