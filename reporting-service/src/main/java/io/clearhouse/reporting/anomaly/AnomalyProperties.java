package io.clearhouse.reporting.anomaly;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code clearhouse.reporting.anomaly.*}: the detector's interval, lookback, score threshold and warm-up
 * (the same for every provider: nothing is tuned per provider), and when the evaluator judges an
 * interval: once it ended {@code grace} ago and its figures have been still for {@code settle}.
 * Intervals older than {@code maxAge} are not judged (an alert on last month's hour helps nobody).
 */
@ConfigurationProperties("clearhouse.reporting.anomaly")
public record AnomalyProperties(Boolean enabled, Duration interval, Duration lookback, Double threshold,
                                Integer warmUpIntervals, Duration grace, Duration settle, Duration maxAge,
                                Long pollMs) {

    /** Intervals judged per series in one evaluator round, and series per round: bounded work per tick. */
    public static final int INTERVALS_PER_ROUND = 500;
    public static final int SERIES_PER_ROUND = 1_000;

    public AnomalyProperties {
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        enabled = enabled == null || enabled;
        interval = interval == null ? d.interval() : interval;
        lookback = lookback == null ? d.lookback() : lookback;
        threshold = threshold == null ? d.threshold() : threshold;
        warmUpIntervals = warmUpIntervals == null ? d.warmUpIntervals() : warmUpIntervals;
        grace = grace == null ? Duration.ofMinutes(2) : grace;
        settle = settle == null ? Duration.ofSeconds(30) : settle;
        maxAge = maxAge == null ? Duration.ofDays(7) : maxAge;
        pollMs = pollMs == null || pollMs <= 0 ? 10_000L : pollMs;
    }

    public AnomalyDetector.Settings settings() {
        AnomalyDetector.Settings d = AnomalyDetector.Settings.defaults();
        return new AnomalyDetector.Settings(interval, lookback, threshold, warmUpIntervals, d.minWeekSamples(),
                d.minDaySamples(), d.minVolume(), d.rtpWindow(), d.minRtpBets(), d.minRollbackExcess());
    }
}
