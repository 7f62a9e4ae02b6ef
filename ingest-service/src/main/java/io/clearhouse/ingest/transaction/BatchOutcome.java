package io.clearhouse.ingest.transaction;

/**
 * What one consumed batch did: new rows, provider duplicates, conflicts, rollbacks parked and applied,
 * refusals, and records skipped because their effects were already committed (redeliveries).
 */
record BatchOutcome(int recorded, int duplicates, int conflicts, int parked, int rejected, int rollbacksApplied,
                    int redelivered) {

    static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0, 0, 0, 0, 0);
}
