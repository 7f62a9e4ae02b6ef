package io.clearhouse.ingest.exception;

import io.clearhouse.support.queue.QueueStatus;

/**
 * The life of an ingest exception: OPEN, then RESOLVED (ACCEPT_ORIGINAL, POST_CORRECTION, REPLAY) or
 * DISMISSED, both final: a correction or a replay has been posted and cannot be taken back by reopening.
 */
public enum ExceptionStatus implements QueueStatus {
    OPEN, RESOLVED, DISMISSED;

    /** An illegal move (409). */
    public static final class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(String message) {
            super(message);
        }
    }

    public ExceptionStatus resolve(ExceptionKind kind, Resolution resolution) {
        if (this != OPEN) {
            throw new IllegalTransitionException("only an OPEN exception can be resolved; it is " + this);
        }
        if (!kind.allowed().contains(resolution)) {
            throw new IllegalTransitionException("a " + kind + " exception cannot be resolved by " + resolution
                    + "; allowed: " + kind.allowed());
        }
        return resolution == Resolution.DISMISS ? DISMISSED : RESOLVED;
    }

    @Override
    public boolean assignable() {
        return this == OPEN;
    }
}
