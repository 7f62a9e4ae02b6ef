package io.clearhouse.settlement.aggregate;

/** A ledger record settlement cannot count: it goes to the DLT, never retried. */
public final class InvalidLedgerRecordException extends RuntimeException {

    public InvalidLedgerRecordException(String message) {
        super(message);
    }
}
