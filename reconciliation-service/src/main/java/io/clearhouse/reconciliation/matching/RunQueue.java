package io.clearhouse.reconciliation.matching;

import io.clearhouse.reconciliation.config.ReconciliationProperties;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Matching runs execute one at a time on a worker thread (a run is one big set-based transaction;
 * running several at once on a small machine only makes each slower). A run row is written as
 * QUEUED in the caller's transaction and handed to the worker after commit; runs left QUEUED by a
 * stop are picked up again at start, and a periodic sweep hands the worker runs left QUEUED because
 * its queue was full. A run left RUNNING was interrupted by a crash, perhaps the very crash it caused
 * (a statement that runs the worker out of memory): resuming it would crash-loop the service, so at
 * start it ends FAILED with that reason and an operator re-runs it deliberately. A run that fails on
 * the worker for any reason, an Error included, ends FAILED with its reason.
 */
@Component
public class RunQueue {

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);

    private final RunRepository runs;
    private final StatementMatcher matcher;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ThreadPoolExecutor worker;
    /** Runs handed to the worker and not yet finished: the sweep never submits one twice. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    RunQueue(RunRepository runs, StatementMatcher matcher, TransactionTemplate tx, Clock clock,
             ReconciliationProperties props) {
        this.runs = runs;
        this.matcher = matcher;
        this.tx = tx;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(props.runQueueCapacity()), r -> {
                    Thread t = new Thread(r, "recon-run");
                    t.setDaemon(true);
                    return t;
                });
    }

    public boolean hasCapacity() {
        return worker.getQueue().remainingCapacity() > 0;
    }

    /** Writes a QUEUED run in the current transaction; the worker takes it once that commits. */
    public long enqueue(long statementId, String providerId, String actor, String requestId) {
        long runId = runs.insertQueued(statementId, providerId, actor, clock.instant());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                submit(runId);
            }
        });
        return runId;
    }

    /** Queues a run of a stored statement in a transaction of its own. */
    public long enqueueNow(long statementId, String providerId, String actor, String requestId) {
        return tx.execute(status -> enqueue(statementId, providerId, actor, requestId));
    }

    static final String INTERRUPTED = "interrupted: the service stopped while the run was in progress (perhaps"
            + " because of it); not resumed automatically, re-run with POST /v1/reconciliation/statements/{id}/runs";

    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        List<Long> interrupted = runs.failRunning(INTERRUPTED, clock.instant());
        if (!interrupted.isEmpty()) {
            log.warn("matching runs {} were RUNNING at start: marked FAILED (interrupted), not resumed", interrupted);
        }
        runs.queued().forEach(this::submit);
    }

    /** Runs left QUEUED by a full queue (or by another instance that stopped) are picked up here. */
    @Scheduled(fixedDelayString = "${clearhouse.reconciliation.run-sweep-ms:5000}",
            initialDelayString = "${clearhouse.reconciliation.run-sweep-ms:5000}")
    public void sweep() {
        int room = worker.getQueue().remainingCapacity();
        if (room <= 0) {
            return;
        }
        for (long runId : runs.queued(room + inFlight.size())) {
            if (!inFlight.contains(runId)) {
                submit(runId);
            }
        }
    }

    private void submit(long runId) {
        if (!inFlight.add(runId)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    matcher.run(runId);
                } catch (Throwable e) {
                    // the matcher marked it FAILED; should that have failed too, make sure it is not left RUNNING
                    log.error("matching run {} failed", runId, e);
                    try {
                        runs.failIfUnfinished(runId, StatementMatcher.failureOf(e), clock.instant());
                    } catch (RuntimeException again) {
                        log.error("matching run {} could not be marked FAILED; the next start does it", runId, again);
                    }
                } finally {
                    inFlight.remove(runId);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(runId);
            // stays QUEUED in the database; the sweep submits it once the queue has room
            log.warn("matching run {} not scheduled: queue full", runId);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
