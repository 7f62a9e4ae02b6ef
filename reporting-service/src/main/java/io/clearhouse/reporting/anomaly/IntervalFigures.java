package io.clearhouse.reporting.anomaly;

import java.time.Instant;

/**
 * What one series (provider, game type, currency) did in one interval: counts and minor-unit sums.
 * An interval without activity is all zeros (a silent hour is a data point, not a gap).
 *
 * @param betMinor bets net of rollbacks (a rollback reverses its bet's stake)
 * @param winMinor WIN amounts only: jackpot wins are funded by pools and free-round wins by the operator,
 *                 so neither says anything about the game's own return
 */
public record IntervalFigures(Instant start, long betCount, long betMinor, long winMinor, long rollbackCount) {

    public static IntervalFigures empty(Instant start) {
        return new IntervalFigures(start, 0, 0, 0, 0);
    }

    public long ggrMinor() {
        return betMinor - winMinor;
    }

    /** Wins over net bets, or NaN without bets. */
    public double rtp() {
        return betMinor <= 0 ? Double.NaN : (double) winMinor / betMinor;
    }
}
