package io.clearhouse.ingest.transaction;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The business flow as Prometheus sees it, counted for what committed. Labels are bounded: provider,
 * brand, currency, game type, transaction type, outcome; never a transaction or player id.
 * <ul>
 *   <li>{@code clearhouse_ingest_recorded_transactions_total{provider,brand,currency,game_type,type}} and
 *   {@code clearhouse_ingest_recorded_amount_total{...}} (in units of the currency: 12.50 USD counts 12.5).
 *   GGR and realised RTP are computed from them in PromQL (bets − wins − rollbacks; wins ÷ bets).
 *   The amount is a monitoring approximation (a double, as every Prometheus sample is); the money of
 *   record stays in minor units in the database and on Kafka;</li>
 *   <li>{@code clearhouse_ingest_deliveries_total{provider,outcome=duplicate|conflict}};</li>
 *   <li>{@code clearhouse_ingest_lag_seconds} (histogram): gateway acceptance ({@code receivedAt}) to the
 *   row committed, per recorded transaction; {@code clearhouse_ingest_batch_duration_seconds} (histogram) per
 *   consumed batch.</li>
 * </ul>
 */
@Component
class FlowMetrics {

    private final MeterRegistry meters;
    private final Clock clock;
    private final Timer lag;
    private final Timer batch;

    FlowMetrics(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.batch = Timer.builder("clearhouse.ingest.batch.duration")
                .description("One consumed batch: checked, judged, written and committed").register(meters);
        this.lag = Timer.builder("clearhouse.ingest.lag")
                .description("From the gateway's 202 (receivedAt) to the transaction's row committed").register(meters);
    }

    /** Times one consumed batch ({@code clearhouse_ingest_batch_duration_seconds}). */
    void timeBatch(Runnable work) {
        batch.record(work);
    }

    /**
     * Called after the batch's transaction committed. The counters are looked up once per label set in the batch,
     * not once per transaction (a batch of 1,000 holds a handful of label sets): each lookup builds and sorts its
     * tags and an id, which per transaction was a visible share of ingest's CPU and allocation.
     */
    void committed(List<BatchPlan.Recorded> recorded, List<BatchPlan.Delivery> duplicates,
                   List<BatchPlan.Delivery> conflicts) {
        Instant now = clock.instant();
        // per label set: transactions and their amount in minor units (|amount| <= 10^11: no overflow in a batch)
        Map<Labels, long[]> counts = new HashMap<>();
        for (BatchPlan.Recorded r : recorded) {
            TransactionReceived tx = r.tx();
            long[] c = counts.computeIfAbsent(new Labels(tx.providerId(), tx.brandId(), tx.currency(), tx.gameType(),
                    tx.type()), k -> new long[2]);
            c[0]++;
            c[1] += tx.amountMinor();
            if (tx.receivedAt() != null && !tx.receivedAt().isAfter(now)) {
                lag.record(Duration.between(tx.receivedAt(), now));
            }
        }
        counts.forEach((l, c) -> {
            String[] tags = {"provider", l.provider(), "brand", l.brand(), "currency", l.currency(),
                    "game_type", l.gameType().name(), "type", l.type().name()};
            Counter.builder("clearhouse.ingest.recorded.transactions").tags(tags)
                    .description("Transactions recorded, by provider, brand, currency, game type and type")
                    .register(meters).increment(c[0]);
            Counter.builder("clearhouse.ingest.recorded.amount").tags(tags)
                    .description("Amounts recorded in units of the currency (monitoring only: not money of record)")
                    .register(meters).increment(major(c[1], l.currency()));
        });
        deliveries(duplicates, "duplicate");
        deliveries(conflicts, "conflict");
    }

    private record Labels(String provider, String brand, String currency, GameType gameType, TransactionType type) {
    }

    private void deliveries(List<BatchPlan.Delivery> deliveries, String outcome) {
        for (BatchPlan.Delivery d : deliveries) {
            Counter.builder("clearhouse.ingest.deliveries").tag("provider", d.in().tx().providerId())
                    .tag("outcome", outcome).description("Later deliveries of a known key").register(meters).increment();
        }
    }

    private static double major(long minor, String currency) {
        return BigDecimal.valueOf(minor, Currencies.exponentOf(currency)).doubleValue();
    }
}
