package io.clearhouse.support.queue;

import io.clearhouse.support.problem.Problems;

/** A state of an exception queue's life, as far as the moves every queue has go (an enum implements it). */
public interface QueueStatus {

    /** Whether an exception in this state may be assigned. */
    boolean assignable();

    /** 409 unless an exception in this state may be assigned. */
    default void requireAssignable() {
        if (!assignable()) {
            throw new Problems.Conflict("a " + this + " exception cannot be assigned");
        }
    }
}
