package io.clearhouse.settlement.period;

import java.time.Clock;

/** Lets an IT run one scheduled-close poll at a time of its choosing, with the tick itself disabled. */
public final class ScheduledCloserHandle {

    private ScheduledCloserHandle() {
    }

    public static Runnable poll(ScheduledCloser closer, Clock clock) {
        return () -> closer.closeDuePeriods(clock.instant());
    }
}
