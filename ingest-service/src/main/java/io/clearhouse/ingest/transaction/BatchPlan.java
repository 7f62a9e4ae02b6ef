package io.clearhouse.ingest.transaction;

import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Everything one batch (or one sweep of parked rollbacks) decided, written in one transaction. */
final class BatchPlan {

    /** A key judged for the first time. */
    record NewKey(TxKey key, UUID transactionId, Fate fate, String reason, IncomingTransaction in,
                  LocalDate businessDate, TransactionType adjustedType) {
    }

    /** A ledger row to insert, with the {@code traceparent} its ledger event carries (null: none known). */
    record Recorded(UUID transactionId, TxKey key, TransactionReceived tx, LocalDate businessDate,
                    LocalDate reversesBusinessDate, TransactionType adjustedType, String contentHash, int partition,
                    long offset, Fate keyFate, String traceparent) {
    }

    /** A later delivery of a known key, with its first delivery's hash and currency. */
    record Delivery(IncomingTransaction in, TxKey key, String originalHash, String originalCurrency) {
    }

    /** How a parked rollback ended. */
    record Outcome(ParkedRollback parked, String outcome, String reason) {
    }

    /** A bet reversed by a rollback. */
    record Reversal(TxKey betKey, TxKey rollbackKey, UUID rollbackTransactionId) {
    }

    final List<NewKey> newKeys = new ArrayList<>();
    final List<Recorded> recorded = new ArrayList<>();
    final List<Delivery> duplicates = new ArrayList<>();
    final List<Delivery> conflicts = new ArrayList<>();
    final List<ParkedRollback> parked = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();
    final List<Reversal> reversals = new ArrayList<>();
    int redelivered;

    boolean isEmpty() {
        return newKeys.isEmpty() && recorded.isEmpty() && duplicates.isEmpty() && conflicts.isEmpty()
                && parked.isEmpty() && outcomes.isEmpty();
    }

    long rejected() {
        return newKeys.stream().filter(k -> k.fate() == Fate.REJECTED).count()
                + outcomes.stream().filter(o -> !"APPLIED".equals(o.outcome())).count();
    }
}
