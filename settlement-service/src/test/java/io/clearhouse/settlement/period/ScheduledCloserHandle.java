package io.clearhouse.settlement.period;

import io.clearhouse.settlement.contract.ContractStore;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;

/** Lets an IT run one scheduled-close poll with its own clock, without enabling the scheduler. */
public final class ScheduledCloserHandle {

    private ScheduledCloserHandle() {
    }

    public static Runnable poll(JdbcTemplate jdbc, ContractStore contracts, PeriodCloser closer, Clock clock) {
        ScheduledCloser s = new ScheduledCloser(jdbc, contracts, closer, clock);
        return s::closeDuePeriods;
    }
}
