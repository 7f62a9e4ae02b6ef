package io.clearhouse.settlement.period;

import io.clearhouse.settlement.contract.ContractVersionAdded;
import io.clearhouse.settlement.fx.FxRatesLoaded;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Retries the blocked closes as soon as an input they may have lacked arrives (rates loaded by the
 * API, an ECB import or the scheduled import; a contract version added), and once at start, without
 * anyone re-triggering them. The retry runs after the loading transaction commits, on the scheduler's
 * thread (so never beside a tick of the same instance), not on the caller's request thread.
 */
@Component
class BlockedCloseRetry {

    private static final Logger log = LoggerFactory.getLogger(BlockedCloseRetry.class);

    private final ScheduledCloser closer;
    private final TaskScheduler scheduler;

    BlockedCloseRetry(ScheduledCloser closer, TaskScheduler scheduler) {
        this.closer = closer;
        this.scheduler = scheduler;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void ratesLoaded(FxRatesLoaded e) {
        retrySoon("FX rates loaded (" + e.changed() + " changed, " + e.source() + ")");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void contractAdded(ContractVersionAdded e) {
        retrySoon("contract " + e.providerId() + " v" + e.version() + " added");
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        retrySoon("service started");
    }

    private void retrySoon(String why) {
        scheduler.schedule(() -> {
            try {
                log.debug("Retrying blocked closes: {}", why);
                closer.retryBlocked();
            } catch (RuntimeException e) {
                log.warn("Retrying blocked closes after {} failed: {}", why, e.toString());
            }
        }, Instant.now());
    }
}
