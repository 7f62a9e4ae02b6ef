package io.clearhouse.settlement.aggregate;

/** A ledger record settlement cannot count: it goes to the DLT, never retried. */
public final class InvalidLedgerRecordException extends io.clearhouse.common.kafka.PoisonRecordException {

    public InvalidLedgerRecordException(String message) {
        super(message);
    }
}
