package io.clearhouse.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.money.Money;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's injected faults change exactly the figures the anomaly detector watches, inside their
 * window only (reporting's {@code AnomalyDetectorTest} and {@code AnomaliesIT} prove such shifts are found).
 */
class TransactionGeneratorFaultTest {

    private static final SimulatedProvider PROVIDER = new SimulatedProvider("nova-test", List.of("USD"),
            List.of(new SimulatedProvider.Game("reels", "SLOT")));
    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant FROM = DAY.plusSeconds(12 * 3600);
    private static final Instant TO = DAY.plusSeconds(18 * 3600);

    /** Bets, rollbacks, bet and win minor units inside and outside the window. */
    private record Figures(long[] inside, long[] outside) {
    }

    @Test
    void anRtpDriftRaisesTheReturnInsideItsWindowOnly() {
        Figures f = figures(TransactionGenerator.Fault.RTP_DRIFT);
        assertThat(rtp(f.inside())).isGreaterThan(1.15);
        assertThat(rtp(f.outside())).isBetween(0.8, 1.0);
    }

    @Test
    void aVolumeDropCutsTheBetsPerHourInsideItsWindowOnly() {
        Figures f = figures(TransactionGenerator.Fault.VOLUME_DROP);
        double insidePerHour = f.inside()[0] / 6.0;
        double outsidePerHour = f.outside()[0] / 18.0;
        assertThat(insidePerHour).isLessThan(outsidePerHour * 0.4);
    }

    @Test
    void aRollbackBurstMultipliesRollbacksPerBetInsideItsWindowOnly() {
        Figures f = figures(TransactionGenerator.Fault.ROLLBACK_BURST);
        assertThat((double) f.inside()[1] / f.inside()[0]).isGreaterThan(0.2);
        assertThat((double) f.outside()[1] / f.outside()[0]).isLessThan(0.06);
    }

    private static double rtp(long[] f) {
        return (double) f[3] / f[2];
    }

    private static Figures figures(TransactionGenerator.Fault fault) {
        List<Map<String, Object>> txs = new TransactionGenerator(PROVIDER, "t", 42, DAY, DAY.plusSeconds(86_400))
                .inject(fault, FROM, TO).generate(40_000);
        long[] in = new long[4];
        long[] out = new long[4];
        for (Map<String, Object> tx : txs) {
            Instant at = OffsetDateTime.parse((String) tx.get("occurredAt")).toInstant();
            long[] f = !at.isBefore(FROM) && at.isBefore(TO) ? in : out;
            long minor = Money.parse((String) tx.get("amount"), "USD").minor();
            switch ((String) tx.get("type")) {
                case "BET" -> {
                    f[0]++;
                    f[2] += minor;
                }
                case "ROLLBACK" -> {
                    f[1]++;
                    f[2] -= minor;
                }
                case "WIN" -> f[3] += minor;
                default -> {
                }
            }
        }
        return new Figures(in, out);
    }
}
