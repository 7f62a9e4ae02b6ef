package io.clearhouse.ingest.exception;

/** How an operator closes an ingest exception; each is audited with the actor and a required note. */
public enum Resolution {
    /** The recorded original stands as it is (a conflict's other payload, or an un-reversed bet, is accepted as is). */
    ACCEPT_ORIGINAL,
    /**
     * A signed ADJUSTMENT of the recorded transaction is posted through ingest's own topic (judged, recorded,
     * audited and published like any transaction): by default the conflicting amount minus the original, or
     * the reversal of the bet an expired rollback referenced.
     */
    POST_CORRECTION,
    /** The dead letter's record (or a corrected copy) is published again to ingest's topic after a fix. */
    REPLAY,
    /** Nothing is done; the note says why. */
    DISMISS
}
