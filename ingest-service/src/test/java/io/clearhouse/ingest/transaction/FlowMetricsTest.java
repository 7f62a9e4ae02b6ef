package io.clearhouse.ingest.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.ingest.TransactionMother;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a committed batch adds to the flow metrics: per label set, as many transactions and as much
 * amount (in units of the currency) as its transactions hold, whether they come one by one or in groups.
 */
class FlowMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FlowMetrics metrics = new FlowMetrics(meters,
            Clock.fixed(TransactionMother.DEFAULT_AT.plusSeconds(60), ZoneOffset.UTC));

    @Test
    void countsAndSumsEachLabelSetOfTheBatch() {
        List<BatchPlan.Recorded> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(recorded(TransactionMother.bet(i % 2 == 0 ? "p1" : "p2", "b" + i, "r" + i, 1_25)));
        }
        batch.add(recorded(TransactionMother.win("p1", "w1", "r0", 10_00)));
        batch.add(recorded(TransactionMother.withCurrency(TransactionMother.bet("p1", "k1", "r9", 5_000), "KRW")));
        metrics.committed(batch, List.of(), List.of());
        metrics.committed(List.of(recorded(TransactionMother.bet("p1", "b-late", "r1", 75))), List.of(), List.of());

        assertThat(count("transactions", "p1", "EUR", "BET")).isEqualTo(501);
        assertThat(count("amount", "p1", "EUR", "BET")).isEqualTo(500 * 1.25 + 0.75);
        assertThat(count("transactions", "p2", "EUR", "BET")).isEqualTo(500);
        assertThat(count("amount", "p2", "EUR", "BET")).isEqualTo(625.0);
        assertThat(count("transactions", "p1", "EUR", "WIN")).isEqualTo(1);
        assertThat(count("amount", "p1", "EUR", "WIN")).isEqualTo(10.0);
        // KRW has no minor unit: 5,000 minor units are 5,000 won
        assertThat(count("amount", "p1", "KRW", "BET")).isEqualTo(5_000.0);
        assertThat(meters.get("clearhouse.ingest.lag").timer().count()).isEqualTo(1_003);
    }

    private double count(String what, String provider, String currency, String type) {
        return meters.get("clearhouse.ingest.recorded." + what).tag("provider", provider).tag("currency", currency)
                .tag("type", type).tag("brand", "brand-a").tag("game_type", "SLOT").counter().count();
    }

    private static BatchPlan.Recorded recorded(TransactionReceived tx) {
        return new BatchPlan.Recorded(UUID.randomUUID(), new TxKey(tx.providerId(), tx.providerTxId(), ""), tx,
                LocalDate.of(2026, 11, 24), null, null, tx.contentHash(), 0, 0, Fate.RECORDED, null);
    }
}
