package io.clearhouse.ingest.exception;

import java.util.EnumSet;
import java.util.Set;

/** Where an ingest exception comes from, and what an operator may do about it. */
public enum ExceptionKind {
    /** A delivery reused a recorded key with other content: the original stands, the other payload is kept. */
    CONFLICT(EnumSet.of(Resolution.ACCEPT_ORIGINAL, Resolution.POST_CORRECTION, Resolution.DISMISS)),
    /** A rollback waited for its bet beyond the provider's window: the bet (if it came later) stays un-reversed. */
    ROLLBACK_EXPIRED(EnumSet.of(Resolution.ACCEPT_ORIGINAL, Resolution.POST_CORRECTION, Resolution.DISMISS)),
    /** A record the listener could not record (unreadable, a rule broken, refused by the database). */
    DEAD_LETTER(EnumSet.of(Resolution.REPLAY, Resolution.DISMISS));

    private final Set<Resolution> allowed;

    ExceptionKind(Set<Resolution> allowed) {
        this.allowed = allowed;
    }

    public Set<Resolution> allowed() {
        return allowed;
    }
}
