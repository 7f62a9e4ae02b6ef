package io.clearhouse.settlement.domain;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.GameType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a period's aggregates into a statement under one contract version. All arithmetic is
 * {@link BigDecimal}; each line's fee is rounded exactly once, to the settlement currency's minor
 * unit with the contract's rounding mode. Statement-level items (minimum-guarantee top-up,
 * carry-forward) work on already rounded minor units; the aggregator fee is rounded once.
 *
 * <p>Per line: GGR = bets − rollbacks − wins + stake adjustments − payout adjustments (− jackpot wins
 * when they count in GGR); NGR = GGR minus
 * each deduction in the contract's order; base = GGR or NGR; base converted = base × FX rate; fee =
 * F(month-to-date after) − F(month-to-date before) (see {@link FeeSchedule}).
 */
public final class StatementCalculator {

    /** 2: lines show the signed stake and payout adjustments that move GGR. */
    public static final int DOCUMENT_SCHEMA_VERSION = 2;

    private StatementCalculator() {
    }

    public static Statement calculate(StatementInput in, FxRates fx) {
        ContractTerms terms = in.terms();
        String target = terms.settlementCurrency();
        int scale = Currencies.exponentOf(target);
        RoundingMode rounding = terms.roundingMode();

        // Merge brands and sort: the order of arrival never shows in the statement.
        Map<String, AggregateLine> merged = new TreeMap<>();
        for (AggregateLine a : in.aggregates()) {
            String key = (a.isAdjustment() ? "1" : "0") + "|" + a.gameType() + "|" + a.currency() + "|" + a.originDate();
            merged.merge(key, a, AggregateLine::plus);
        }
        List<AggregateLine> ordered = new ArrayList<>(merged.values());
        ordered.sort(AggregateLine.ORDER);

        Map<GameType, BigDecimal> monthToDate = new EnumMap<>(GameType.class);
        monthToDate.putAll(in.monthBaseBefore());
        Map<GameType, Long> monthFees = new EnumMap<>(GameType.class);
        monthFees.putAll(in.monthFeesBeforeMinor());

        List<StatementLine> lines = new ArrayList<>();
        BigDecimal ggrConvertedTotal = BigDecimal.ZERO;
        long feesMinor = 0;
        for (AggregateLine a : ordered) {
            StatementLine line = line(lines.size() + 1, a, in, fx, monthToDate, scale, rounding);
            lines.add(line);
            feesMinor = Math.addExact(feesMinor, line.feeMinor());
            monthFees.merge(a.gameType(), line.feeMinor(), Math::addExact);
            ggrConvertedTotal = ggrConvertedTotal.add(line.ggrConverted());
        }

        // Minimum guarantee: a monthly floor, topped up on the statement that ends the month.
        List<Map<String, Object>> topUps = new ArrayList<>();
        long topUpMinor = 0;
        if (in.periodEnd().equals(YearMonth.from(in.periodEnd()).atEndOfMonth())) {
            Map<GameType, GameTerms> priced = new EnumMap<>(GameType.class);
            priced.putAll(terms.games());
            for (Map.Entry<GameType, GameTerms> e : priced.entrySet()) {
                BigDecimal mg = e.getValue().minimumGuarantee();
                if (mg == null) {
                    continue;
                }
                long mgMinor = mg.setScale(scale, rounding).unscaledValue().longValueExact();
                long monthFee = monthFees.getOrDefault(e.getKey(), 0L);
                long topUp = Math.max(0, mgMinor - monthFee);
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("gameType", e.getKey().name());
                t.put("minimumGuaranteeMinor", mgMinor);
                t.put("monthFeesMinor", monthFee);
                t.put("topUpMinor", topUp);
                topUps.add(t);
                topUpMinor = Math.addExact(topUpMinor, topUp);
            }
        }

        // Carry-forward: a negative result is not paid back; it is netted against later periods.
        long carryIn = carryIn(terms.negativeBase(), in.previousCarryOutMinor(), in.previousPeriodEnd(),
                in.periodStart());
        long running = feesMinor + topUpMinor + carryIn;
        long carryOut = Math.min(0, running);
        long feePayable = Math.max(0, running);

        // Aggregator fee: its own line, a rate on the period's GGR in the settlement currency, rounded once.
        BigDecimal aggregatorExact = terms.aggregatorFeeRate().multiply(ggrConvertedTotal.max(BigDecimal.ZERO));
        long aggregatorMinor = aggregatorExact.setScale(scale, rounding).unscaledValue().longValueExact();
        long total = Math.addExact(feePayable, aggregatorMinor);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", DOCUMENT_SCHEMA_VERSION);
        doc.put("providerId", in.providerId());
        doc.put("periodStart", in.periodStart().toString());
        doc.put("periodEnd", in.periodEnd().toString());
        doc.put("contractVersion", in.contractVersion());
        doc.put("settlementCurrency", target);
        doc.put("roundingMode", rounding.name());
        doc.put("lines", lines.stream().map(StatementLine::detail).toList());
        doc.put("minimumGuarantee", topUps);
        Map<String, Object> carry = new LinkedHashMap<>();
        carry.put("policy", terms.negativeBase().name());
        carry.put("inMinor", carryIn);
        carry.put("outMinor", carryOut);
        doc.put("carryForward", carry);
        Map<String, Object> agg = new LinkedHashMap<>();
        agg.put("rate", terms.aggregatorFeeRate().toPlainString());
        agg.put("ggrConverted", ggrConvertedTotal.toPlainString());
        agg.put("exact", aggregatorExact.toPlainString());
        agg.put("amountMinor", aggregatorMinor);
        agg.put("rounding", BigDecimal.valueOf(aggregatorMinor, scale).subtract(aggregatorExact).toPlainString());
        doc.put("aggregatorFee", agg);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("lineCount", lines.size());
        totals.put("feesMinor", feesMinor);
        totals.put("minimumGuaranteeTopUpMinor", topUpMinor);
        totals.put("carryInMinor", carryIn);
        totals.put("carryOutMinor", carryOut);
        totals.put("feePayableMinor", feePayable);
        totals.put("aggregatorFeeMinor", aggregatorMinor);
        totals.put("totalPayableMinor", total);
        totals.put("totalPayable", BigDecimal.valueOf(total, scale).toPlainString());
        doc.put("totals", totals);
        return new Statement(List.copyOf(lines), topUps, feesMinor, topUpMinor, carryIn, carryOut, feePayable,
                aggregatorMinor, total, doc);
    }

    /** RESET_MONTHLY drops a carry-forward when the new period starts a new month. */
    static long carryIn(Terms.NegativeBase policy, long previousCarryOut, LocalDate previousEnd, LocalDate start) {
        if (previousEnd == null) {
            return 0;
        }
        if (policy == Terms.NegativeBase.RESET_MONTHLY && !YearMonth.from(previousEnd).equals(YearMonth.from(start))) {
            return 0;
        }
        return previousCarryOut;
    }

    private static StatementLine line(int index, AggregateLine a, StatementInput in, FxRates fx,
                                      Map<GameType, BigDecimal> monthToDate, int scale, RoundingMode rounding) {
        ContractTerms terms = in.terms();
        GameTerms g = terms.game(a.gameType());
        int exp = Currencies.exponentOf(a.currency());

        long ggrMinor = a.ggrMinorBeforeJackpot();
        if (g.jackpotTreatment() == Terms.JackpotTreatment.WINS_IN_GGR) {
            ggrMinor = Math.subtractExact(ggrMinor, a.jackpotWinMinor());
        }
        BigDecimal ggr = BigDecimal.valueOf(ggrMinor, exp);

        List<Map<String, Object>> deductions = new ArrayList<>();
        BigDecimal running = ggr;
        for (Deduction d : terms.deductions()) {
            BigDecimal amount = switch (d.type()) {
                case BONUS_COST -> g.freeRoundFunder() == Terms.Funder.OPERATOR
                        ? BigDecimal.valueOf(a.freeRoundWinMinor(), exp) : BigDecimal.ZERO.setScale(exp);
                case JACKPOT_CONTRIBUTIONS -> g.jackpotTreatment() == Terms.JackpotTreatment.CONTRIBUTIONS_DEDUCTED
                        ? BigDecimal.valueOf(a.jackpotContributionMinor(), exp) : BigDecimal.ZERO.setScale(exp);
                case GAMING_TAX, OTHER -> running.multiply(d.rate());
            };
            running = running.subtract(amount);
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("type", d.type().name());
            dm.put("name", d.label());
            dm.put("rate", d.rate() == null ? null : d.rate().toPlainString());
            dm.put("amount", amount.toPlainString());
            dm.put("remaining", running.toPlainString());
            deductions.add(dm);
        }
        BigDecimal ngr = running;
        BigDecimal base = g.base() == Terms.Base.GGR ? ggr : ngr;

        LocalDate rateDate = terms.rateDate() == Terms.RateDate.BUSINESS_DATE ? a.originDate() : in.periodEnd();
        FxQuote quote = a.currency().equals(terms.settlementCurrency())
                ? FxQuote.identity(a.currency(), rateDate)
                : fx.quote(a.currency(), terms.settlementCurrency(), rateDate, terms.fxFallbackDays());
        BigDecimal baseConverted = base.multiply(quote.rate());
        BigDecimal ggrConverted = ggr.multiply(quote.rate());

        BigDecimal before = monthToDate.getOrDefault(a.gameType(), BigDecimal.ZERO);
        BigDecimal after = before.add(baseConverted);
        monthToDate.put(a.gameType(), after);
        BigDecimal feeExact = FeeSchedule.fee(g, after).subtract(FeeSchedule.fee(g, before));
        BigDecimal fee = feeExact.setScale(scale, rounding);
        long feeMinor = fee.unscaledValue().longValueExact();

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("index", index);
        d.put("kind", a.isAdjustment() ? "LATE_ADJUSTMENT" : "PERIOD");
        d.put("gameType", a.gameType().name());
        d.put("currency", a.currency());
        d.put("originDate", a.originDate().toString());
        d.put("betCount", a.betCount());
        d.put("bets", BigDecimal.valueOf(a.betMinor(), exp).toPlainString());
        d.put("rollbackCount", a.rollbackCount());
        d.put("rollbacks", BigDecimal.valueOf(a.rollbackMinor(), exp).toPlainString());
        d.put("winCount", a.winCount());
        d.put("wins", BigDecimal.valueOf(a.winMinor(), exp).toPlainString());
        d.put("jackpotWinCount", a.jackpotWinCount());
        d.put("jackpotWins", BigDecimal.valueOf(a.jackpotWinMinor(), exp).toPlainString());
        d.put("freeRoundWinCount", a.freeRoundWinCount());
        d.put("freeRoundWins", BigDecimal.valueOf(a.freeRoundWinMinor(), exp).toPlainString());
        d.put("freeRoundFunder", g.freeRoundFunder().name());
        d.put("jackpotContributions", BigDecimal.valueOf(a.jackpotContributionMinor(), exp).toPlainString());
        d.put("jackpotTreatment", g.jackpotTreatment().name());
        d.put("adjustmentCount", a.adjustmentCount());
        d.put("stakeAdjustments", BigDecimal.valueOf(a.stakeAdjustmentMinor(), exp).toPlainString());
        d.put("payoutAdjustments", BigDecimal.valueOf(a.payoutAdjustmentMinor(), exp).toPlainString());
        d.put("ggr", ggr.toPlainString());
        d.put("deductions", deductions);
        d.put("ngr", ngr.toPlainString());
        d.put("baseKind", g.base().name());
        d.put("base", base.toPlainString());
        Map<String, Object> fxm = new LinkedHashMap<>();
        fxm.put("from", quote.from());
        fxm.put("to", quote.to());
        fxm.put("rate", quote.rate().toPlainString());
        fxm.put("source", quote.source());
        fxm.put("rateDate", quote.date().toString());
        fxm.put("requestedDate", rateDate.toString());
        d.put("fx", fxm);
        d.put("baseConverted", baseConverted.toPlainString());
        d.put("monthToDateBefore", before.toPlainString());
        d.put("monthToDateAfter", after.toPlainString());
        d.put("tierMode", g.tiers().isEmpty() ? null : g.tierMode().name());
        d.put("breakdown", FeeSchedule.breakdown(g, before, after));
        d.put("feeExact", feeExact.toPlainString());
        d.put("feeMinor", feeMinor);
        d.put("fee", fee.toPlainString());
        d.put("roundingApplied", fee.subtract(feeExact).toPlainString());
        return new StatementLine(index, a.isAdjustment(), a.gameType(), a.currency(), ggrMinor, baseConverted,
                ggrConverted, feeExact, feeMinor, d);
    }
}
