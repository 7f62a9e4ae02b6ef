package io.clearhouse.reporting.anomaly;

/** What moved away from its learned baseline, for one provider, game type and currency over an interval. */
public enum AnomalyKind {
    /** Number of bets in the interval (a drop or a surge of play). */
    VOLUME,
    /** Gross gaming revenue: bets net of rollbacks minus wins, in minor units of the series' currency. */
    GGR,
    /** Realised return to player: wins (WIN, jackpot and free-round wins excluded) over bets net of rollbacks. */
    RTP,
    /** Rollbacks in the interval beyond what the learned rollback rate explains (a burst; only upwards). */
    ROLLBACKS
}
