package io.clearhouse.reporting.anomaly;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code clearhouse_anomalies_detected_total{provider,game_type,kind}} (a new anomaly, not each interval
 * of its episode) and {@code clearhouse_anomalies_open{provider,game_type,kind}} (not yet acknowledged, refreshed
 * from the table after every evaluator round and acknowledgement, so every replica reports the truth).
 * Labels are bounded: providers, six game types, four kinds; never an id.
 */
@Component
class AnomalyMetrics {

    private final MeterRegistry meters;
    private final MultiGauge open;
    private final AnomalyStore store;

    AnomalyMetrics(MeterRegistry meters, AnomalyStore store) {
        this.meters = meters;
        this.store = store;
        this.open = MultiGauge.builder("clearhouse.anomalies.open")
                .description("Anomalies not yet acknowledged by an operator").register(meters);
    }

    void detected(String provider, String gameType, AnomalyKind kind) {
        meters.counter("clearhouse.anomalies.detected", "provider", provider, "game_type", gameType, "kind",
                kind.name()).increment();
    }

    void refresh() {
        Map<List<String>, Long> counts = store.openCounts();
        open.register(counts.entrySet().stream().map(e -> MultiGauge.Row.of(
                Tags.of("provider", e.getKey().get(0), "game_type", e.getKey().get(1),
                        "kind", e.getKey().get(2)), e.getValue())).toList(), true);
    }
}
