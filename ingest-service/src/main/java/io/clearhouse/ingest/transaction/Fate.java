package io.clearhouse.ingest.transaction;

/** How the first delivery of a key was judged. Later deliveries are duplicates or conflicts of it. */
enum Fate {
    /** Recorded in the ledger. */
    RECORDED,
    /** A rollback that arrived before its bet: held until the bet arrives or the wait ends. */
    PARKED,
    /** Refused with a reason (a rollback of something that is not a bet, or of a bet already rolled back). */
    REJECTED
}
