package io.clearhouse.reconciliation.exception;

/** What an operator decides about a break. */
public enum Resolution {
    /**
     * The provider is right: an ADJUSTMENT transaction enters through ingest; above the currency's
     * four-eyes threshold only once a FINANCE person other than the proposer approves.
     */
    ACCEPT_PROVIDER,
    /** Clearhouse is right: nothing is posted. */
    ACCEPT_INTERNAL,
    /** The difference is written off; above the currency's four-eyes threshold only with FINANCE approval. */
    WRITE_OFF,
    /** The decision is withdrawn: the exception is open again. */
    REOPEN
}
