package io.clearhouse.reporting.anomaly;

/**
 * One interval's figure outside its learned range, with the evidence: the expected value, the range
 * it had to stay in, what was observed, the score (robust standard deviations away) and which baseline
 * judged it ({@link Baseline}) over how many samples.
 */
public record Finding(AnomalyKind kind, double observed, double expected, double lower, double upper, double score,
                      Baseline baseline, int samples) {

    /** Which history the expectation was learned from. */
    public enum Baseline {
        /** The same hour of the week over the lookback (weekly seasonality). */
        HOUR_OF_WEEK,
        /** The same hour of the day (daily seasonality) while too few weeks are known. */
        HOUR_OF_DAY,
        /** Every interval of the lookback (no seasonality: RTP and rollback rates, or too little history). */
        ALL_HOURS
    }
}
