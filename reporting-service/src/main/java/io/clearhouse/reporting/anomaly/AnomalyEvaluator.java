package io.clearhouse.reporting.anomaly;

import io.clearhouse.reporting.notify.WebhookDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges every series' closed intervals in order, each exactly once: an interval is due when it ended
 * {@code grace} ago and its figures have not changed for {@code settle} (late deliveries of a backfill
 * settle first). One database transaction per series and round locks the series row (SKIP LOCKED: two
 * replicas share the work), judges up to {@link AnomalyProperties#INTERVALS_PER_ROUND} intervals with the
 * {@link AnomalyDetector}, records each finding (a new anomaly, or the next interval of the same episode),
 * queues a signed {@code anomaly.detected} webhook for a new one and advances the series' cursor.
 * Detection delay is bounded by interval + grace + poll (or settle, for a backfilled interval).
 */
@Component
class AnomalyEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AnomalyEvaluator.class);

    private final AnomalyStore store;
    private final AnomalyDetector detector;
    private final AnomalyMetrics metrics;
    private final WebhookDeliveries webhooks;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;
    private final AnomalyProperties props;

    AnomalyEvaluator(AnomalyStore store, AnomalyMetrics metrics, WebhookDeliveries webhooks, TransactionTemplate tx,
                     Clock clock, JsonMapper json, AnomalyProperties props) {
        this.store = store;
        this.detector = new AnomalyDetector(props.settings());
        this.metrics = metrics;
        this.webhooks = webhooks;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        metrics.refresh();
    }

    @Scheduled(fixedDelayString = "${clearhouse.reporting.anomaly.poll-ms:10000}",
            initialDelayString = "${clearhouse.reporting.anomaly.poll-ms:10000}")
    void poll() {
        if (!props.enabled()) {
            return;
        }
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("Anomaly evaluation round failed, retried on the next poll: {}",
                    NestedExceptionUtils.getMostSpecificCause(e).toString());
        } finally {
            metrics.refresh();
        }
    }

    /** One round over the due series; returns how many anomalies it raised. */
    int round() {
        Instant now = clock.instant();
        Duration interval = props.interval();
        Instant judgeableBefore = now.minus(props.grace()).minus(interval); // an interval starting before this has ended + grace
        int raised = 0;
        for (AnomalyStore.Series due : store.dueSeries(judgeableBefore, AnomalyProperties.SERIES_PER_ROUND)) {
            Integer n = tx.execute(s -> store.lock(due).map(series -> judge(series, now, judgeableBefore)).orElse(0));
            raised += n == null ? 0 : n;
        }
        return raised;
    }

    private int judge(AnomalyStore.Series series, Instant now, Instant judgeableBefore) {
        long intervalMs = props.interval().toMillis();
        Instant oldest = floor(now.minus(props.maxAge()), intervalMs);
        Instant next = series.evaluatedUntil().isBefore(oldest) ? oldest : series.evaluatedUntil();
        Instant stop = next.plusMillis(intervalMs * AnomalyProperties.INTERVALS_PER_ROUND);
        if (stop.isAfter(judgeableBefore)) {
            stop = floor(judgeableBefore, intervalMs).plusMillis(intervalMs);
        }
        if (!next.isBefore(stop)) {
            return 0;
        }
        Instant loadFrom = max(series.firstInterval(), next.minus(props.lookback()));
        Map<Instant, AnomalyStore.Row> rows = store.rows(series, loadFrom, stop);
        List<IntervalFigures> dense = new ArrayList<>();
        for (Instant t : AnomalyStore.starts(loadFrom, stop, intervalMs)) {
            AnomalyStore.Row r = rows.get(t);
            dense.add(r == null ? IntervalFigures.empty(t) : r.figures());
        }
        int lookback = detector.settings().lookbackIntervals();
        int raised = 0;
        Instant settledBefore = now.minus(props.settle());
        Instant t = next;
        for (; t.isBefore(stop); t = t.plusMillis(intervalMs)) {
            AnomalyStore.Row row = rows.get(t);
            if (row != null && row.updatedAt().isAfter(settledBefore)) {
                break; // still filling: judged in a later round
            }
            int index = (int) ((t.toEpochMilli() - loadFrom.toEpochMilli()) / intervalMs);
            List<IntervalFigures> history = dense.subList(Math.max(0, index - lookback), index);
            AnomalyDetector.Evaluation e = detector.evaluate(history, dense.get(index));
            for (Finding f : e.findings()) {
                Instant mergeFrom = t.minusMillis(intervalMs * (detector.settings().rtpWindow() + 1L));
                var id = store.record(series, f, t, t.plusMillis(intervalMs), mergeFrom, now);
                if (id.isPresent()) {
                    raised++;
                    metrics.detected(series.providerId(), series.gameType(), f.kind());
                    AnomalyView v = store.find(id.get()).orElseThrow();
                    log.info("Anomaly {} raised: {} {} {} {} at {} (observed {}, expected {}, score {})", v.id(),
                            v.providerId(), v.gameType(), v.currency(), v.kind(), v.intervalStart(), v.observed(),
                            v.expected(), v.score());
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("event", "anomaly.detected");
                    payload.put("anomaly", v);
                    webhooks.enqueue(json.writeValueAsString(payload));
                }
            }
        }
        store.advance(series, t);
        return raised;
    }

    private static Instant floor(Instant at, long intervalMs) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), intervalMs) * intervalMs);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
