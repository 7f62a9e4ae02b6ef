package io.clearhouse.reporting.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detector on synthetic series (seeded): quiet on normal play, and each injected fault found within a
 * bounded number of intervals after it starts.
 */
class AnomalyDetectorTest {

    private static final AnomalyDetector DETECTOR = new AnomalyDetector(AnomalyDetector.Settings.defaults());
    private static final int DAYS = 35;
    private static final int FAULT_HOUR = DAYS * 24 - 30;

    @Test
    void aNewSeriesIsNotJudgedDuringItsWarmUp() {
        List<IntervalFigures> series = new SyntheticFlow(1, 400).hours(100,
                new SyntheticFlow.Fault(SyntheticFlow.Fault.Kind.VOLUME_DROP, 50, 50));
        AnomalyDetector.Evaluation early = DETECTOR.evaluate(series.subList(0, 60), series.get(60));
        assertThat(early.warmingUp()).isTrue();
        assertThat(early.findings()).isEmpty();
        AnomalyDetector.Evaluation later = DETECTOR.evaluate(series.subList(0, 80), series.get(80));
        assertThat(later.warmingUp()).isFalse();
    }

    @Test
    void normalPlayRaisesNothingOverAWeek() {
        for (long seed = 1; seed <= 3; seed++) {
            List<IntervalFigures> series = new SyntheticFlow(seed, 400).hours(DAYS * 24);
            List<List<Finding>> found = SyntheticFlow.evaluate(DETECTOR, series, DAYS * 24 - 7 * 24, DAYS * 24);
            assertThat(found.stream().flatMap(List::stream).toList()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aVolumeDropIsFoundInTheFirstIntervalItLasts() {
        List<IntervalFigures> series = new SyntheticFlow(11, 400).hours(DAYS * 24,
                new SyntheticFlow.Fault(SyntheticFlow.Fault.Kind.VOLUME_DROP, FAULT_HOUR, 30));
        Finding f = firstFinding(series, AnomalyKind.VOLUME, 1);
        assertThat(f.observed()).isLessThan(f.lower());
        assertThat(f.expected()).isGreaterThan(f.observed());
        assertThat(f.baseline()).isEqualTo(Finding.Baseline.HOUR_OF_WEEK);
    }

    @Test
    void anRtpDriftIsFoundWithinTwelveIntervals() {
        List<IntervalFigures> series = new SyntheticFlow(12, 400).hours(DAYS * 24,
                new SyntheticFlow.Fault(SyntheticFlow.Fault.Kind.RTP_DRIFT, FAULT_HOUR, 30));
        Finding f = firstFinding(series, AnomalyKind.RTP, 12);
        assertThat(f.observed()).isGreaterThan(f.upper());
        assertThat(f.expected()).isBetween(0.9, 1.05);
    }

    @Test
    void aBurstOfRollbacksIsFoundInTheIntervalItHappens() {
        List<IntervalFigures> series = new SyntheticFlow(13, 400).hours(DAYS * 24,
                new SyntheticFlow.Fault(SyntheticFlow.Fault.Kind.ROLLBACK_BURST, FAULT_HOUR, 1));
        Finding f = firstFinding(series, AnomalyKind.ROLLBACKS, 1);
        assertThat(f.observed()).isGreaterThan(f.upper());
        assertThat(f.score()).isGreaterThanOrEqualTo(DETECTOR.settings().threshold());
    }

    @Test
    void medianLeavingOneOutSkipsTheGivenIndex() {
        double[] sorted = {1, 2, 3, 10};
        assertThat(AnomalyDetector.sortedMedian(sorted, -1)).isEqualTo(2.5);
        assertThat(AnomalyDetector.sortedMedian(sorted, 3)).isEqualTo(2.0);
        assertThat(AnomalyDetector.sortedMedian(sorted, 0)).isEqualTo(3.0);
    }

    /** The first finding of {@code kind} from the fault's hour on, which must come within {@code maxDelay} intervals. */
    private static Finding firstFinding(List<IntervalFigures> series, AnomalyKind kind, int maxDelay) {
        List<List<Finding>> found = SyntheticFlow.evaluate(DETECTOR, series, FAULT_HOUR, FAULT_HOUR + maxDelay);
        return found.stream().flatMap(List::stream).filter(f -> f.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " within " + maxDelay + " intervals: " + found));
    }
}
