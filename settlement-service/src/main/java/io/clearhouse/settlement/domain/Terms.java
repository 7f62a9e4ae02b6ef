package io.clearhouse.settlement.domain;

/** The closed vocabularies of a contract. */
public final class Terms {

    private Terms() {
    }

    /** How often a statement is made. */
    public enum Period { DAILY, MONTHLY }

    /** What the revenue share is a share of. */
    public enum Base { GGR, NGR }

    /** Marginal: each slice of the month's volume at its tier's rate. Whole volume: the whole month at the reached tier's rate. */
    public enum TierMode { MARGINAL, WHOLE_VOLUME }

    /** Who pays for free-round wins; operator-funded ones are a bonus cost deducted for NGR. */
    public enum Funder { OPERATOR, PROVIDER }

    /**
     * CONTRIBUTIONS_DEDUCTED: jackpot wins are paid from the pool (not in GGR) and the contributions that
     * fund it may be deducted for NGR. WINS_IN_GGR: jackpot wins count as wins; contributions are not deducted.
     */
    public enum JackpotTreatment { CONTRIBUTIONS_DEDUCTED, WINS_IN_GGR }

    /** What happens to a negative result: carried until cleared, or carried within the month only. */
    public enum NegativeBase { CARRY_FORWARD, RESET_MONTHLY }

    /** Which FX rate date applies to a line: its transactions' business date or the period's end. */
    public enum RateDate { BUSINESS_DATE, PERIOD_END }

    /** A step of the NGR deduction list. */
    public enum DeductionType { BONUS_COST, JACKPOT_CONTRIBUTIONS, GAMING_TAX, OTHER }
}
