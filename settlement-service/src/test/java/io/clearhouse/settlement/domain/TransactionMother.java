package io.clearhouse.settlement.domain;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;

/** Ledger records for domain tests, as ingest publishes them. */
public final class TransactionMother {

    private static final AtomicLong SEQ = new AtomicLong();

    private TransactionMother() {
    }

    /**
     * One transaction of provider {@code p1} on {@code day}. A ROLLBACK references a bet of the same
     * day; an ADJUSTMENT corrects a transaction of type {@code adjusted} (ignored for other types).
     */
    public static TransactionRecorded tx(String id, TransactionType type, TransactionType adjusted, GameType game,
                                         String currency, long amount, String brand, LocalDate day) {
        boolean ref = type.requiresReference();
        return new TransactionRecorded(1, id, "p1", id, "r-" + id, "player", brand, "g1", game, type, amount, currency,
                day.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC), day, ref ? "ref-" + id : null, ref ? day : null,
                type == TransactionType.ADJUSTMENT ? adjusted : null, false, null,
                type == TransactionType.BET ? amount / 100 : null, "hash-" + id, day.atTime(12, 0, 1)
                        .toInstant(java.time.ZoneOffset.UTC));
    }

    /** A SLOT/USD adjustment of {@code adjusted}'s amount by {@code amount} (signed) on {@link StatementMother#DAY}. */
    public static TransactionRecorded adjustment(TransactionType adjusted, long amount) {
        return tx("adj-" + SEQ.incrementAndGet(), TransactionType.ADJUSTMENT, adjusted, GameType.SLOT, "USD", amount,
                "brand-a", StatementMother.DAY);
    }
}
