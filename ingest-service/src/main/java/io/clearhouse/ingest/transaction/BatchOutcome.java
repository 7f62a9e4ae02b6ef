package io.clearhouse.ingest.transaction;

/** What one consumed batch did: new rows, provider duplicates, conflicts, and plain redeliveries. */
record BatchOutcome(int recorded, int duplicates, int conflicts, int redelivered) {
}
