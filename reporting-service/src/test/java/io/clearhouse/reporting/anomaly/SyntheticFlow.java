package io.clearhouse.reporting.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated hourly play of one series, bet by bet, for detector tests and the false-positive benchmark:
 * a daily curve (quiet nights, busy evenings), busier weekends, Poisson bet counts, stakes of 0.10 to
 * 100.00, a payout with a tail (58 % of bets win 1.3x-1.7x, 1 % win 5x-15x: RTP about 97 %), 3 % of bets
 * rolled back. Faults are injected from an hour on: an RTP drift, a volume drop, a burst of rollbacks.
 * Deterministic for a seed.
 */
final class SyntheticFlow {

    /** A fault and the hour (index) it starts at; {@code hours} long (the burst lasts one hour by default). */
    record Fault(Kind kind, int fromHour, int hours) {
        enum Kind { RTP_DRIFT, VOLUME_DROP, ROLLBACK_BURST }

        boolean active(int hour) {
            return hour >= fromHour && hour < fromHour + hours;
        }
    }

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z"); // a Monday

    private final Random random;
    private final double betsPerHour;

    SyntheticFlow(long seed, double betsPerHour) {
        this.random = new Random(seed);
        this.betsPerHour = betsPerHour;
    }

    List<IntervalFigures> hours(int count, Fault... faults) {
        List<IntervalFigures> out = new ArrayList<>(count);
        for (int h = 0; h < count; h++) {
            out.add(hour(h, faults));
        }
        return out;
    }

    private IntervalFigures hour(int h, Fault... faults) {
        Instant start = START.plus(Duration.ofHours(h));
        int hourOfDay = h % 24;
        int dayOfWeek = (h / 24) % 7;
        // a daily curve: trough at 05:00, peak at 21:00; weekends 30 % busier
        double daily = 1 + 0.6 * Math.cos(2 * Math.PI * (hourOfDay - 21) / 24.0);
        double weekly = dayOfWeek >= 5 ? 1.3 : 1.0;
        double lambda = betsPerHour * daily * weekly;
        double winChance = 0.58;
        double rollbackChance = 0.03;
        for (Fault f : faults) {
            if (f.active(h)) {
                switch (f.kind()) {
                    case VOLUME_DROP -> lambda *= 0.25;
                    case RTP_DRIFT -> winChance = 0.68;
                    case ROLLBACK_BURST -> rollbackChance = 0.25;
                }
            }
        }
        int bets = poisson(lambda);
        long betMinor = 0;
        long winMinor = 0;
        long rollbacks = 0;
        for (int i = 0; i < bets; i++) {
            long stake = 10L * (1 + random.nextInt(1_000));
            if (random.nextDouble() < rollbackChance) {
                rollbacks++;
                continue; // bet and its rollback: nothing net, no win
            }
            betMinor += stake;
            double u = random.nextDouble();
            if (u < 0.01) {
                winMinor += stake * (500 + random.nextInt(1001)) / 100;
            } else if (u < 0.01 + winChance) {
                winMinor += stake * (130 + random.nextInt(41)) / 100;
            }
        }
        return new IntervalFigures(start, bets, betMinor, winMinor, rollbacks);
    }

    private int poisson(double lambda) {
        if (lambda > 50) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Evaluates every interval from {@code from} on with the history before it, as the live evaluator does. */
    static List<List<Finding>> evaluate(AnomalyDetector detector, List<IntervalFigures> series, int from, int to) {
        int lookback = detector.settings().lookbackIntervals();
        List<List<Finding>> out = new ArrayList<>();
        for (int t = from; t < to; t++) {
            List<IntervalFigures> history = series.subList(Math.max(0, t - lookback), t);
            out.add(detector.evaluate(history, series.get(t)).findings());
        }
        return out;
    }
}
