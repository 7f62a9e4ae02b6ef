package io.clearhouse.reconciliation.exception;

/** What an operator decides about a break. */
public enum Resolution {
    /** The provider is right: an ADJUSTMENT transaction enters through ingest. */
    ACCEPT_PROVIDER,
    /** Clearhouse is right: nothing is posted. */
    ACCEPT_INTERNAL,
    /** The difference is written off; above a configured amount only with FINANCE approval. */
    WRITE_OFF,
    /** The decision is withdrawn: the exception is open again. */
    REOPEN
}
