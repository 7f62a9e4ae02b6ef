package io.clearhouse.support.outbox;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the {@link OutboxRelay} when messages were added, once their transaction has committed, so
 * that a lone message is published at once instead of after the relay's idle poll ({@code idle-ms}),
 * while an idle service still costs only one poll per {@code idle-ms}. At most one wake-up is pending:
 * a thousand commits during one relay round wake it once.
 */
public final class OutboxSignal {

    private final Semaphore pending = new Semaphore(0);

    /** Wakes the relay when the current transaction commits (at once when there is none). */
    public void afterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            signal();
            return;
        }
        for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
            if (registered instanceof WakeOnCommit wake && wake.signal() == this) {
                return; // this transaction already wakes the relay
            }
        }
        TransactionSynchronizationManager.registerSynchronization(new WakeOnCommit(this));
    }

    private record WakeOnCommit(OutboxSignal signal) implements TransactionSynchronization {
        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
                signal.signal();
            }
        }
    }

    void signal() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    /** Waits up to {@code millis} for a wake-up; true when woken. */
    boolean await(long millis) throws InterruptedException {
        boolean woken = pending.tryAcquire(millis, TimeUnit.MILLISECONDS);
        pending.drainPermits();
        return woken;
    }
}
