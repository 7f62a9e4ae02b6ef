package io.clearhouse.ingest.transaction;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.TransactionReceived;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /** Called after the batch's transaction committed. */
    void committed(List<BatchPlan.Recorded> recorded, List<BatchPlan.Delivery> duplicates,
                   List<BatchPlan.Delivery> conflicts) {
        Instant now = clock.instant();
        for (BatchPlan.Recorded r : recorded) {
            TransactionReceived tx = r.tx();
            String[] tags = {"provider", tx.providerId(), "brand", tx.brandId(), "currency", tx.currency(),
                    "game_type", tx.gameType().name(), "type", tx.type().name()};
            Counter.builder("clearhouse.ingest.recorded.transactions").tags(tags)
                    .description("Transactions recorded, by provider, brand, currency, game type and type")
                    .register(meters).increment();
            Counter.builder("clearhouse.ingest.recorded.amount").tags(tags)
                    .description("Amounts recorded in units of the currency (monitoring only: not money of record)")
                    .register(meters).increment(major(tx.amountMinor(), tx.currency()));
            if (tx.receivedAt() != null && !tx.receivedAt().isAfter(now)) {
                lag.record(Duration.between(tx.receivedAt(), now));
            }
        }
        deliveries(duplicates, "duplicate");
        deliveries(conflicts, "conflict");
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
