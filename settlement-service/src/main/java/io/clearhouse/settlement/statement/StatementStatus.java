package io.clearhouse.settlement.statement;

/** DRAFT → APPROVED → PAID; a DRAFT re-run is SUPERSEDED by its new version. Illegal moves throw. */
public enum StatementStatus {
    DRAFT, SUPERSEDED, APPROVED, PAID;

    public StatementStatus approve() {
        return move(DRAFT, APPROVED);
    }

    public StatementStatus pay() {
        return move(APPROVED, PAID);
    }

    public StatementStatus supersede() {
        return move(DRAFT, SUPERSEDED);
    }

    private StatementStatus move(StatementStatus from, StatementStatus to) {
        if (this != from) {
            throw new IllegalTransitionException(this, to);
        }
        return to;
    }

    /** A move the lifecycle does not allow. */
    public static final class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(StatementStatus from, StatementStatus to) {
            super("a " + from + " statement cannot become " + to);
        }
    }
}
