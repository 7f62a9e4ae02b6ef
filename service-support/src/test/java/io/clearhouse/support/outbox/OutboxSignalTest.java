package io.clearhouse.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

class OutboxSignalTest {

    private final OutboxSignal signal = new OutboxSignal();

    @AfterEach
    void clearSynchronization() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void messagesAddedOutsideATransactionWakeTheRelayAtOnce() throws InterruptedException {
        signal.afterCommit();

        assertThat(signal.await(0)).isTrue();
        assertThat(signal.await(0)).as("one wake-up per signal").isFalse();
    }

    @Test
    void aTransactionWakesTheRelayOnceAndOnlyWhenItCommits() throws InterruptedException {
        TransactionSynchronizationManager.initSynchronization();
        signal.afterCommit();
        signal.afterCommit();

        assertThat(TransactionSynchronizationManager.getSynchronizations()).hasSize(1);
        assertThat(signal.await(0)).as("nothing before the commit").isFalse();

        TransactionSynchronizationUtils.invokeAfterCompletion(TransactionSynchronizationManager.getSynchronizations(),
                TransactionSynchronization.STATUS_COMMITTED);

        assertThat(signal.await(0)).isTrue();
    }

    @Test
    void aRolledBackTransactionDoesNotWakeTheRelay() throws InterruptedException {
        TransactionSynchronizationManager.initSynchronization();
        signal.afterCommit();

        TransactionSynchronizationUtils.invokeAfterCompletion(TransactionSynchronizationManager.getSynchronizations(),
                TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat(signal.await(0)).isFalse();
    }

    @Test
    void manyCommitsDuringOneRoundWakeTheRelayOnce() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            signal.afterCommit();
        }

        assertThat(signal.await(0)).isTrue();
        assertThat(signal.await(0)).isFalse();
    }
}
