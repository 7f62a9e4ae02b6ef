package io.clearhouse.reporting.anomaly;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An operator acknowledges an anomaly: one transaction locks it, moves it, and appends who and why to the audit log. */
@Service
class AnomalyDesk {

    private final AnomalyStore store;
    private final AuditAppender audit;
    private final AnomalyMetrics metrics;
    private final Clock clock;

    AnomalyDesk(AnomalyStore store, AuditAppender audit, AnomalyMetrics metrics, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    AnomalyView acknowledge(long id, String reason, Caller caller) {
        AnomalyView before = store.lockAnomaly(id).orElseThrow(() -> new Problems.NotFound("anomaly " + id + " not found"));
        try {
            before.status().acknowledge();
        } catch (IllegalStateException e) {
            throw new Problems.Conflict(e.getMessage() + " (by " + before.acknowledgedBy() + ")");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        store.acknowledge(id, caller.actor(), reason, now);
        AnomalyView after = store.find(id).orElseThrow();
        audit.append(List.of(new AuditRecord(caller.actor(), "ANOMALY_ACKNOWLEDGED", "anomaly", Long.toString(id),
                state(before), state(after), reason, caller.requestId())));
        metrics.refresh();
        return after;
    }

    private static Map<String, Object> state(AnomalyView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", v.status().name());
        m.put("providerId", v.providerId());
        m.put("gameType", v.gameType());
        m.put("kind", v.kind().name());
        m.put("intervalStart", v.intervalStart().toString());
        m.put("acknowledgedBy", v.acknowledgedBy());
        m.put("version", v.version());
        return m;
    }
}
