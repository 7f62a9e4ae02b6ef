package io.clearhouse.reporting.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Judges one interval of a series (provider, game type, currency) against a baseline learned from the
 * series' own history: no threshold is set per provider, only one score threshold for everyone. Plain
 * Java, no I/O, so it is tested with synthetic series and benchmarked over simulated months.
 *
 * <p><b>Level</b> (volume, GGR): the median of the same hour of the week over the lookback when at least
 * {@link Settings#minWeekSamples} weeks are known, else the median of the same hour of the day (at least
 * {@link Settings#minDaySamples} days), else of every interval. <b>Spread</b>: not the MAD of those few
 * seasonal samples (four Mondays 10:00 are too few to know a spread, and a small one would page someone),
 * but one robust scale pooled over the whole lookback: every history interval's residual from its own
 * slot's level, divided by the square root of the slot's expected bet count (a sum of n independent
 * bets varies like √n, so a busy hour may move more than a quiet one), scaled by 1.4826 × MAD. The score
 * of the observed interval is its residual in those units.
 *
 * <p><b>RTP</b> has no season: the expectation is the pooled return over the lookback (Σ wins / Σ bets);
 * its residuals are multiplied by √(bets) and their MAD is the learned dispersion of one bet's return. A
 * single hour of a few hundred bets says little about a return, so RTP is judged over the trailing
 * windows of 1, 3, 6, 12 and 24 intervals (up to {@link Settings#rtpWindow}; the strongest one counts: a
 * large drift shows within the hour, a small one once enough bets have been played) and only with {@link Settings#minRtpBets} bets in them.
 * <b>Rollbacks</b>: the pooled rollback rate per bet gives the expected count; the residual is scaled
 * like a Poisson count (overdispersion learned the same way, never below Poisson) and only a burst
 * counts, at least {@link Settings#minRollbackExcess} more than expected.
 *
 * <p><b>Warm-up</b>: a series with fewer than {@link Settings#warmUpIntervals} intervals of history (a
 * new provider or game type) is not judged at all.
 */
public final class AnomalyDetector {

    /** A Gaussian's standard deviation is 1.4826 × its median absolute deviation. */
    static final double MAD_TO_SIGMA = 1.4826;

    /**
     * @param interval          length of one interval (one hour by default)
     * @param lookback          how much history the baseline learns from
     * @param threshold         robust standard deviations beyond which an interval is anomalous (every series)
     * @param warmUpIntervals   history a series needs before it is judged
     * @param minWeekSamples    same-hour-of-week samples needed for the weekly level
     * @param minDaySamples     same-hour-of-day samples needed for the daily level
     * @param minVolume         expected bets per interval below which volume and GGR are not judged (too few to mean anything)
     * @param rtpWindow         longest trailing window (intervals) the realised RTP is judged over
     * @param minRtpBets        bets needed in the RTP window
     * @param minRollbackExcess rollbacks above the expectation needed for a burst
     */
    public record Settings(Duration interval, Duration lookback, double threshold, int warmUpIntervals,
                           int minWeekSamples, int minDaySamples, long minVolume, int rtpWindow, long minRtpBets,
                           long minRollbackExcess) {

        public Settings {
            if (interval.isNegative() || interval.isZero() || Duration.ofDays(1).toMillis() % interval.toMillis() != 0) {
                throw new IllegalArgumentException("the anomaly interval must divide a day, got " + interval);
            }
            if (lookback.compareTo(interval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("the lookback must hold several intervals, got " + lookback);
            }
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("the anomaly threshold must be positive, got " + threshold);
            }
            warmUpIntervals = Math.max(2, warmUpIntervals);
            rtpWindow = Math.max(1, rtpWindow);
        }

        /** Hourly intervals over 28 days, a score of 6, three days of warm-up, RTP over up to 12 intervals. */
        public static Settings defaults() {
            return new Settings(Duration.ofHours(1), Duration.ofDays(28), 6.0, 72, 3, 5, 20, 12, 200, 5);
        }

        public int lookbackIntervals() {
            return (int) (lookback.toMillis() / interval.toMillis());
        }

        int slotsPerDay() {
            return (int) (Duration.ofDays(1).toMillis() / interval.toMillis());
        }
    }

    /** The verdict on one interval: no findings while the series warms up. */
    public record Evaluation(boolean warmingUp, List<Finding> findings) {
    }

    private final Settings settings;

    public AnomalyDetector(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * @param history  the series' intervals before {@code observed}, oldest first, one per interval without
     *                 gaps (silent intervals as zeros), from its first interval or the lookback's start
     * @param observed the interval judged
     */
    public Evaluation evaluate(List<IntervalFigures> history, IntervalFigures observed) {
        int n = Math.min(history.size(), settings.lookbackIntervals());
        if (n < settings.warmUpIntervals()) {
            return new Evaluation(true, List.of());
        }
        List<IntervalFigures> h = history.subList(history.size() - n, history.size());
        List<Finding> findings = new ArrayList<>(2);
        Seasonal volume = seasonal(h, observed, f -> f.betCount());
        if (volume.expectedVolume >= settings.minVolume()) {
            judge(findings, AnomalyKind.VOLUME, observed.betCount(), volume, true);
            Seasonal ggr = seasonal(h, observed, f -> f.ggrMinor(), volume);
            judge(findings, AnomalyKind.GGR, observed.ggrMinor(), ggr, true);
        }
        rtp(h, observed).ifPresent(findings::add);
        rollbacks(h, observed).ifPresent(findings::add);
        return new Evaluation(false, List.copyOf(findings));
    }

    private void judge(List<Finding> out, AnomalyKind kind, double observed, Seasonal s, boolean twoSided) {
        double sigma = s.scale * Math.sqrt(Math.max(s.expectedVolume, 1));
        double z = (observed - s.expected) / sigma;
        if (Math.abs(z) >= settings.threshold() && (twoSided || z > 0)) {
            out.add(new Finding(kind, observed, s.expected, s.expected - settings.threshold() * sigma,
                    s.expected + settings.threshold() * sigma, Math.abs(z), s.baseline, s.samples));
        }
    }

    /** A level for the observed slot and a pooled scale per √(expected bets). */
    private record Seasonal(double expected, double expectedVolume, double scale, Finding.Baseline baseline,
                            int samples, double[] levels) {
    }

    private interface Figure {
        double of(IntervalFigures f);
    }

    private Seasonal seasonal(List<IntervalFigures> h, IntervalFigures observed, Figure figure) {
        return seasonal(h, observed, figure, null);
    }

    /**
     * Groups the history by the observed interval's kind of slot (hour of week, hour of day or none); the
     * observed level is its group's median, and each history interval's residual is taken from the median
     * of its group without itself (leave one out: an interval never explains itself, which would shrink
     * the spread and page someone for noise).
     *
     * @param volume the volume's seasonal fit, whose levels normalise the residuals (null: this is the volume)
     */
    private Seasonal seasonal(List<IntervalFigures> h, IntervalFigures observed, Figure figure, Seasonal volume) {
        int n = h.size();
        long intervalMs = settings.interval().toMillis();
        int perDay = settings.slotsPerDay();
        int perWeek = perDay * 7;
        long observedSlot = Math.floorDiv(observed.start().toEpochMilli(), intervalMs);
        long[] slots = new long[n];
        int week = 0;
        int day = 0;
        for (int i = 0; i < n; i++) {
            slots[i] = Math.floorDiv(h.get(i).start().toEpochMilli(), intervalMs);
            long diff = observedSlot - slots[i];
            if (diff > 0 && diff % perDay == 0) {
                day++;
                if (diff % perWeek == 0) {
                    week++;
                }
            }
        }
        Finding.Baseline baseline;
        int modulus;
        if (week >= settings.minWeekSamples()) {
            baseline = Finding.Baseline.HOUR_OF_WEEK;
            modulus = perWeek;
        } else if (day >= settings.minDaySamples()) {
            baseline = Finding.Baseline.HOUR_OF_DAY;
            modulus = perDay;
        } else {
            baseline = Finding.Baseline.ALL_HOURS;
            modulus = 1;
        }
        // group indices by slot key
        int[] keys = new int[n];
        int[] sizes = new int[modulus];
        for (int i = 0; i < n; i++) {
            keys[i] = (int) Math.floorMod(slots[i], (long) modulus);
            sizes[keys[i]]++;
        }
        double[][] groups = new double[modulus][];
        for (int k = 0; k < modulus; k++) {
            groups[k] = new double[sizes[k]];
        }
        int[] fill = new int[modulus];
        for (int i = 0; i < n; i++) {
            groups[keys[i]][fill[keys[i]]++] = figure.of(h.get(i));
        }
        for (double[] g : groups) {
            Arrays.sort(g);
        }
        int observedKey = (int) Math.floorMod(observedSlot, (long) modulus);
        double[] own = groups[observedKey];
        double expected = sortedMedian(own, -1);
        double[] levels = new double[n];
        double[] residuals = new double[n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            double[] g = groups[keys[i]];
            double v = figure.of(h.get(i));
            if (g.length < 2) {
                levels[i] = v;
                continue;
            }
            levels[i] = sortedMedian(g, Arrays.binarySearch(g, v));
            double norm = volume == null ? levels[i] : volume.levels[i];
            residuals[r++] = (v - levels[i]) / Math.sqrt(Math.max(norm, 1));
        }
        double scale = MAD_TO_SIGMA * mad(Arrays.copyOf(residuals, r));
        // never tighter than a Poisson count for volumes; never zero for amounts
        scale = volume == null ? Math.max(1.0, scale) : Math.max(scale, 1e-9);
        double expectedVolume = volume == null ? expected : volume.expectedVolume;
        return new Seasonal(expected, expectedVolume, scale, baseline, own.length, levels);
    }

    /** The median of a sorted array, leaving out index {@code skip} (-1: none). */
    static double sortedMedian(double[] sorted, int skip) {
        int len = skip < 0 ? sorted.length : sorted.length - 1;
        if (len <= 0) {
            return 0;
        }
        int mid = len / 2;
        double hi = at(sorted, skip, mid);
        return len % 2 == 1 ? hi : (at(sorted, skip, mid - 1) + hi) / 2;
    }

    private static double at(double[] sorted, int skip, int index) {
        return skip >= 0 && index >= skip ? sorted[index + 1] : sorted[index];
    }

    /** The trailing windows the realised RTP is judged over, each up to {@link Settings#rtpWindow} intervals. */
    static final int[] RTP_WINDOWS = {1, 3, 6, 12, 24};

    private java.util.Optional<Finding> rtp(List<IntervalFigures> h, IntervalFigures observed) {
        long totalBet = 0;
        long totalWin = 0;
        for (IntervalFigures f : h) {
            totalBet += f.betMinor();
            totalWin += f.winMinor();
        }
        if (totalBet <= 0) {
            return java.util.Optional.empty();
        }
        double center = (double) totalWin / totalBet;
        double[] residuals = new double[h.size()];
        int m = 0;
        for (IntervalFigures f : h) {
            if (f.betCount() > 0 && f.betMinor() > 0) {
                residuals[m++] = (f.rtp() - center) * Math.sqrt(f.betCount());
            }
        }
        if (m < settings.warmUpIntervals() / 2) {
            return java.util.Optional.empty();
        }
        // the learned dispersion of one bet's return
        double perBet = Math.max(MAD_TO_SIGMA * mad(Arrays.copyOf(residuals, m)), 1e-6);
        Finding best = null;
        for (int window : RTP_WINDOWS) {
            if (window > settings.rtpWindow() || window - 1 > h.size()) {
                break;
            }
            long bets = observed.betCount();
            long betMinor = observed.betMinor();
            long winMinor = observed.winMinor();
            for (int i = h.size() - 1; i >= h.size() - window + 1; i--) {
                bets += h.get(i).betCount();
                betMinor += h.get(i).betMinor();
                winMinor += h.get(i).winMinor();
            }
            if (bets < settings.minRtpBets() || betMinor <= 0) {
                continue;
            }
            double observedRtp = (double) winMinor / betMinor;
            double sigma = perBet / Math.sqrt(bets);
            double z = Math.abs(observedRtp - center) / sigma;
            if (z >= settings.threshold() && (best == null || z > best.score())) {
                double t = settings.threshold();
                best = new Finding(AnomalyKind.RTP, observedRtp, center, center - t * sigma, center + t * sigma, z,
                        Finding.Baseline.ALL_HOURS, m);
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private java.util.Optional<Finding> rollbacks(List<IntervalFigures> h, IntervalFigures observed) {
        long bets = 0;
        long rollbacks = 0;
        for (IntervalFigures f : h) {
            bets += f.betCount();
            rollbacks += f.rollbackCount();
        }
        if (bets <= 0) {
            return java.util.Optional.empty();
        }
        double rate = (double) rollbacks / bets;
        double[] residuals = new double[h.size()];
        for (int i = 0; i < h.size(); i++) {
            IntervalFigures f = h.get(i);
            double e = rate * f.betCount();
            residuals[i] = (f.rollbackCount() - e) / Math.sqrt(Math.max(e, 1));
        }
        double scale = Math.max(1.0, MAD_TO_SIGMA * mad(residuals));
        double expected = rate * observed.betCount();
        double sigma = scale * Math.sqrt(Math.max(expected, 1));
        double z = (observed.rollbackCount() - expected) / sigma;
        if (z < settings.threshold() || observed.rollbackCount() - expected < settings.minRollbackExcess()) {
            return java.util.Optional.empty();
        }
        double t = settings.threshold();
        return java.util.Optional.of(new Finding(AnomalyKind.ROLLBACKS, observed.rollbackCount(), expected,
                Math.max(0, expected - t * sigma), expected + t * sigma, z, Finding.Baseline.ALL_HOURS, h.size()));
    }

    /** Median of the values (sorts the array it is given). */
    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** Median absolute deviation from the median. */
    static double mad(double[] values) {
        double[] v = values.clone();
        double med = median(v);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i] - med);
        }
        return median(v);
    }
}
