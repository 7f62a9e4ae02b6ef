package io.clearhouse.settlement.period;

import io.clearhouse.settlement.domain.ContractViolation;
import io.clearhouse.settlement.domain.MissingFxRateException;
import io.clearhouse.support.problem.Problems;

/**
 * Why a scheduled close could not run: the {@code reason} label of the close-failure metric, the
 * reason of a close block and of its notification. A closed set, so the metric's labels stay bounded.
 */
public enum CloseFailure {
    /** No rate for a currency pair within the contract's fallback window: load it (API or ECB import). */
    MISSING_FX_RATE,
    /** The period holds a game type (often an adjustment's) that the contract in force does not price. */
    UNPRICED_GAME_TYPE,
    /** A later statement is already APPROVED or PAID, or another state conflict. */
    CONFLICT,
    /** Any other refusal of the close (no contract, carry-forward in another currency, ...). */
    UNPROCESSABLE,
    /** Not a refusal: the database or the service failed. Retried on the next tick like the others. */
    ERROR;

    static CloseFailure of(Throwable e) {
        if (e instanceof MissingFxRateException) {
            return MISSING_FX_RATE;
        }
        if (e instanceof ContractViolation || e.getCause() instanceof ContractViolation) {
            return UNPRICED_GAME_TYPE;
        }
        if (e instanceof Problems.Conflict) {
            return CONFLICT;
        }
        if (e instanceof Problems.Unprocessable) {
            return UNPROCESSABLE;
        }
        return ERROR;
    }
}
