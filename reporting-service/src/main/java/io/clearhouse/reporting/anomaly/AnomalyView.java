package io.clearhouse.reporting.anomaly;

import java.time.Instant;

/**
 * One anomaly as the API and the webhook show it. Figures are decimal strings in {@code unit}: a
 * currency's major units for GGR, a ratio for RTP, counts for VOLUME (bets) and ROLLBACKS.
 *
 * @param intervalStart     the first interval found anomalous; {@code intervalEnd} is that interval's end
 * @param lastIntervalStart the latest interval of the same episode (consecutive findings extend it)
 * @param score             robust standard deviations away from the expectation, when first found
 */
public record AnomalyView(long id, String providerId, String gameType, String currency, AnomalyKind kind,
                          Instant intervalStart, Instant intervalEnd, Instant lastIntervalStart, int intervals,
                          String observed, String expected, String lower, String upper, String unit, String score,
                          String maxScore, String baseline, int samples, AnomalyStatus status, Instant detectedAt,
                          String acknowledgedBy, Instant acknowledgedAt, String acknowledgeReason, long version) {
}
