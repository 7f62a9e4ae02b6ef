package io.clearhouse.common.transaction;

/** What a provider transaction does to the player's balance and to the operator's GGR. */
public enum TransactionType {
    BET, WIN, ROLLBACK, JACKPOT_WIN, FREE_ROUND_WIN, ADJUSTMENT;

    /** ROLLBACK and ADJUSTMENT only make sense against an earlier transaction. */
    public boolean requiresReference() {
        return this == ROLLBACK || this == ADJUSTMENT;
    }
}
