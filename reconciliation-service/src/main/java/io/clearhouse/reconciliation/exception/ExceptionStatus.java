package io.clearhouse.reconciliation.exception;

import io.clearhouse.support.queue.QueueStatus;

/**
 * The life of an exception. Transitions are explicit; an illegal move throws
 * {@link IllegalTransitionException} (409).
 * <pre>
 * OPEN --ACCEPT_PROVIDER(small)/ACCEPT_INTERNAL/WRITE_OFF(small)--> RESOLVED
 * OPEN --WRITE_OFF/ACCEPT_PROVIDER(above threshold)--> PENDING_APPROVAL --approve--> RESOLVED
 *                                                       --reject---> OPEN
 * RESOLVED / PENDING_APPROVAL --REOPEN--> OPEN
 * OPEN --(a later run no longer finds the break)--> CLEARED (final)
 * </pre>
 */
public enum ExceptionStatus implements QueueStatus {
    OPEN, PENDING_APPROVAL, RESOLVED, CLEARED;

    /** An illegal move in the exception's life. */
    public static class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(String message) {
            super(message);
        }
    }

    /** @param needsApproval the resolution is a WRITE_OFF or ACCEPT_PROVIDER above the four-eyes threshold */
    public ExceptionStatus resolve(Resolution resolution, boolean needsApproval) {
        if (resolution == Resolution.REOPEN) {
            if (this == RESOLVED || this == PENDING_APPROVAL) {
                return OPEN;
            }
            throw new IllegalTransitionException("only a RESOLVED or PENDING_APPROVAL exception can be reopened; it is "
                    + this);
        }
        if (this != OPEN) {
            throw new IllegalTransitionException("only an OPEN exception can be resolved; it is " + this);
        }
        boolean fourEyes = resolution == Resolution.WRITE_OFF || resolution == Resolution.ACCEPT_PROVIDER;
        return fourEyes && needsApproval ? PENDING_APPROVAL : RESOLVED;
    }

    public ExceptionStatus approve(boolean approved) {
        if (this != PENDING_APPROVAL) {
            throw new IllegalTransitionException("nothing awaits approval; the exception is " + this);
        }
        return approved ? RESOLVED : OPEN;
    }

    @Override
    public boolean assignable() {
        return this == OPEN || this == PENDING_APPROVAL;
    }
}
