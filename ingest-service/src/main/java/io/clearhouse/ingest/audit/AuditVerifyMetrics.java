package io.clearhouse.ingest.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outcome of every verification of ingest's audit trail (by the API, the CLI, or the nightly run
 * at {@code clearhouse.ingest.audit.verify-cron}, default 03:17 UTC; {@code -} turns it off), for the
 * {@code AuditVerifyFailed} alert: {@code clearhouse_audit_verifications_total{outcome=intact|broken}},
 * {@code clearhouse_audit_last_verify_broken} (1 while the last verification found a broken entry) and
 * {@code clearhouse_audit_last_verify_seconds} (Unix time of the last verification; 0: none since start).
 */
@Component
class AuditVerifyMetrics {

    private static final Logger log = LoggerFactory.getLogger(AuditVerifyMetrics.class);

    private final Counter intact;
    private final Counter broken;
    private final AtomicLong lastBroken = new AtomicLong();
    private final AtomicLong lastAtEpochS = new AtomicLong();
    private final Clock clock;
    private final BatchAuditVerifier verifier;

    AuditVerifyMetrics(MeterRegistry meters, Clock clock, BatchAuditVerifier verifier) {
        this.clock = clock;
        this.verifier = verifier;
        this.intact = outcome(meters, "intact");
        this.broken = outcome(meters, "broken");
        Gauge.builder("clearhouse.audit.last.verify.broken", lastBroken, AtomicLong::get)
                .description("1 while the last verification of the audit trail found a broken entry").register(meters);
        Gauge.builder("clearhouse.audit.last.verify", lastAtEpochS, AtomicLong::get).baseUnit("seconds")
                .description("When the audit trail was last verified (Unix time; 0: not since start)").register(meters);
        verifier.onVerdict(this::record);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("clearhouse.audit.verifications").tag("outcome", outcome)
                .description("Verifications of ingest's audit chain and batch Merkle roots").register(meters);
    }

    void record(BatchAuditVerifier.Verdict verdict) {
        (verdict.intact() ? intact : broken).increment();
        lastBroken.set(verdict.intact() ? 0 : 1);
        lastAtEpochS.set(clock.instant().getEpochSecond());
    }

    @Scheduled(cron = "${clearhouse.ingest.audit.verify-cron:0 17 3 * * *}", zone = "UTC")
    void nightly() {
        try {
            BatchAuditVerifier.Verdict v = verifier.verify();
            log.info("Nightly audit verification: intact={} entries={} batches={}", v.intact(), v.entriesChecked(),
                    v.batchesChecked());
        } catch (RuntimeException e) {
            log.warn("Nightly audit verification could not run: {}", e.toString());
        }
    }
}
