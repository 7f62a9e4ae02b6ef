package io.clearhouse.common.reconciliation;

/** How a statement line (or a recorded transaction) compares with the other side. */
public enum BreakClass {
    MATCHED, AMOUNT_MISMATCH, CURRENCY_MISMATCH, TYPE_MISMATCH,
    /** Same transaction, different business date: it straddles a cut-off. */
    TIMING,
    /** The provider reported it; ingest has no such transaction. */
    MISSING_INTERNAL,
    /** Ingest recorded it in the statement's provider and date range; the statement lacks it. */
    MISSING_PROVIDER,
    /** The statement lists the same provider transaction id more than once (the later lines). */
    DUPLICATE;

    public boolean isBreak() {
        return this != MATCHED;
    }
}
