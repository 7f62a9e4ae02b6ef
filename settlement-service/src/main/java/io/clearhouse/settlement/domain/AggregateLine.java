package io.clearhouse.settlement.domain;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * Running totals of one (game type, currency, posting date, origin date), brands summed. The
 * posting date is the business date the amounts settle in; the origin date differs from it only for
 * transactions that arrived after their own period closed (late adjustments), and names the period
 * they belong to. Amounts are minor units of {@code currency}; all are non-negative except the two
 * adjustment sums, which are signed corrections of stakes ({@code stakeAdjustmentMinor}, adds to
 * bets) and of payouts ({@code payoutAdjustmentMinor}, adds to wins).
 */
public record AggregateLine(GameType gameType, String currency, LocalDate postingDate, LocalDate originDate,
                            long betCount, long betMinor, long winCount, long winMinor,
                            long rollbackCount, long rollbackMinor, long freeRoundWinCount, long freeRoundWinMinor,
                            long jackpotWinCount, long jackpotWinMinor, long jackpotContributionMinor,
                            long adjustmentCount, long stakeAdjustmentMinor, long payoutAdjustmentMinor) {

    /** Lines sort by kind (regular first), game type, currency, origin date: the statement order. */
    public static final Comparator<AggregateLine> ORDER = Comparator
            .comparing(AggregateLine::isAdjustment)
            .thenComparing(AggregateLine::gameType)
            .thenComparing(AggregateLine::currency)
            .thenComparing(AggregateLine::originDate);

    public AggregateLine {
        Objects.requireNonNull(gameType, "gameType");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(postingDate, "postingDate");
        Objects.requireNonNull(originDate, "originDate");
    }

    public static AggregateLine empty(GameType gameType, String currency, LocalDate postingDate, LocalDate originDate) {
        return new AggregateLine(gameType, currency, postingDate, originDate, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public boolean isAdjustment() {
        return !postingDate.equals(originDate);
    }

    /** The date a transaction belongs to: a rollback belongs to the bet it reverses, anything else to its own date. */
    public static LocalDate originOf(TransactionRecorded tx) {
        return tx.type() == TransactionType.ROLLBACK && tx.reversesBusinessDate() != null ? tx.reversesBusinessDate()
                : tx.businessDate();
    }

    /** GGR in minor units of {@code currency}, before jackpot wins (the contract decides whether those count). */
    public long ggrMinorBeforeJackpot() {
        return Math.subtractExact(Math.addExact(Math.subtractExact(Math.subtractExact(betMinor, rollbackMinor), winMinor),
                stakeAdjustmentMinor), payoutAdjustmentMinor);
    }

    /** This line with one more transaction counted: the same rule the database applies, set-based. */
    public AggregateLine plus(TransactionRecorded tx) {
        long a = tx.amountMinor();
        long jc = tx.jackpotContributionMinor() == null ? 0 : tx.jackpotContributionMinor();
        return switch (tx.type()) {
            case BET -> with(1, a, 0, 0, 0, 0, 0, 0, 0, 0, jc, 0, 0, 0);
            case WIN -> tx.freeRound() ? with(0, 0, 0, 0, 0, 0, 1, a, 0, 0, 0, 0, 0, 0)
                    : with(0, 0, 1, a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            case FREE_ROUND_WIN -> with(0, 0, 0, 0, 0, 0, 1, a, 0, 0, 0, 0, 0, 0);
            case ROLLBACK -> with(0, 0, 0, 0, 1, a, 0, 0, 0, 0, 0, 0, 0, 0);
            case JACKPOT_WIN -> with(0, 0, 0, 0, 0, 0, 0, 0, 1, a, 0, 0, 0, 0);
            case ADJUSTMENT -> switch (tx.adjustedType()) {
                case BET -> with(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, a, 0);
                case WIN, JACKPOT_WIN, FREE_ROUND_WIN -> with(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, a);
                case ROLLBACK, ADJUSTMENT -> throw new IllegalArgumentException("an ADJUSTMENT corrects a BET or a win");
            };
        };
    }

    public AggregateLine plus(AggregateLine o) {
        return with(o.betCount, o.betMinor, o.winCount, o.winMinor, o.rollbackCount, o.rollbackMinor,
                o.freeRoundWinCount, o.freeRoundWinMinor, o.jackpotWinCount, o.jackpotWinMinor,
                o.jackpotContributionMinor, o.adjustmentCount, o.stakeAdjustmentMinor, o.payoutAdjustmentMinor);
    }

    private AggregateLine with(long bc, long b, long wc, long w, long rc, long r, long fc, long f, long jwc, long jw,
                               long jc, long ac, long sa, long pa) {
        return new AggregateLine(gameType, currency, postingDate, originDate,
                Math.addExact(betCount, bc), Math.addExact(betMinor, b), Math.addExact(winCount, wc),
                Math.addExact(winMinor, w), Math.addExact(rollbackCount, rc), Math.addExact(rollbackMinor, r),
                Math.addExact(freeRoundWinCount, fc), Math.addExact(freeRoundWinMinor, f),
                Math.addExact(jackpotWinCount, jwc), Math.addExact(jackpotWinMinor, jw),
                Math.addExact(jackpotContributionMinor, jc), Math.addExact(adjustmentCount, ac),
                Math.addExact(stakeAdjustmentMinor, sa), Math.addExact(payoutAdjustmentMinor, pa));
    }
}
