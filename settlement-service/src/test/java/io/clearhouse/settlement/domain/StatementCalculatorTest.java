package io.clearhouse.settlement.domain;

import static io.clearhouse.settlement.domain.StatementMother.DAY;
import static io.clearhouse.settlement.domain.StatementMother.NO_RATES;
import static io.clearhouse.settlement.domain.StatementMother.agg;
import static io.clearhouse.settlement.domain.StatementMother.contract;
import static io.clearhouse.settlement.domain.StatementMother.deduction;
import static io.clearhouse.settlement.domain.StatementMother.game;
import static io.clearhouse.settlement.domain.StatementMother.input;
import static io.clearhouse.settlement.domain.StatementMother.rates;
import static io.clearhouse.settlement.domain.StatementMother.withAdjustments;
import static io.clearhouse.settlement.domain.StatementMother.withFreeRounds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementCalculatorTest {

    @Test
    void designWorkedExampleTotalsFee320() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        game(c, GameType.LIVE, "NGR", "0.25");
        deduction(c, "BONUS_COST", null);
        AggregateLine slots = agg(GameType.SLOT, "USD", 1_200_000, 1_080_000);
        AggregateLine live = withFreeRounds(agg(GameType.LIVE, "USD", 500_000, 410_000), 10_000);

        Statement s = StatementCalculator.calculate(input(c, List.of(live, slots)), NO_RATES);

        assertThat(s.lines()).hasSize(2);
        Map<String, Object> slotLine = s.lines().get(0).detail();
        Map<String, Object> liveLine = s.lines().get(1).detail();
        assertThat(slotLine).containsEntry("gameType", "SLOT").containsEntry("ggr", "1200.00").containsEntry("fee", "120.00");
        assertThat(liveLine).containsEntry("ggr", "900.00").containsEntry("ngr", "800.00").containsEntry("fee", "200.00");
        assertThat(s.feesMinor()).isEqualTo(32_000);
        assertThat(s.totalPayableMinor()).isEqualTo(32_000);
        assertThat(s.document().get("totals")).asString().contains("totalPayable=320.00");
    }

    @Test
    void stakeAndPayoutAdjustmentsMoveGgrBothWays() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        game(c, GameType.LIVE, "NGR", "0.25");
        deduction(c, "BONUS_COST", null);
        // slots: a stake corrected up by 50.00, a payout corrected down by 30.00 → GGR 1,200 + 50 + 30 = 1,280
        AggregateLine slots = withAdjustments(agg(GameType.SLOT, "USD", 1_200_000, 1_080_000), 2, 5_000, -3_000);
        // live: a stake corrected down by 20.00, a payout up by 10.00 → GGR 900 − 20 − 10 = 870, NGR 770
        AggregateLine live = withAdjustments(withFreeRounds(agg(GameType.LIVE, "USD", 500_000, 410_000), 10_000),
                2, -2_000, 1_000);

        Statement s = StatementCalculator.calculate(input(c, List.of(live, slots)), NO_RATES);

        Map<String, Object> slotLine = s.lines().get(0).detail();
        Map<String, Object> liveLine = s.lines().get(1).detail();
        assertThat(slotLine).containsEntry("stakeAdjustments", "50.00").containsEntry("payoutAdjustments", "-30.00")
                .containsEntry("adjustmentCount", 2L).containsEntry("ggr", "1280.00").containsEntry("fee", "128.00");
        assertThat(liveLine).containsEntry("stakeAdjustments", "-20.00").containsEntry("payoutAdjustments", "10.00")
                .containsEntry("ggr", "870.00").containsEntry("ngr", "770.00").containsEntry("fee", "192.50");
        assertThat(s.totalPayableMinor()).isEqualTo(32_050);
    }

    @Test
    void anAdjustmentMovesTheSideOfTheTypeItCorrects() {
        AggregateLine empty = AggregateLine.empty(GameType.SLOT, "USD", DAY, DAY);
        AggregateLine a = empty.plus(TransactionMother.adjustment(TransactionType.BET, -700))
                .plus(TransactionMother.adjustment(TransactionType.WIN, 300))
                .plus(TransactionMother.adjustment(TransactionType.JACKPOT_WIN, -100))
                .plus(TransactionMother.adjustment(TransactionType.FREE_ROUND_WIN, 40));
        assertThat(a.adjustmentCount()).isEqualTo(4);
        assertThat(a.stakeAdjustmentMinor()).isEqualTo(-700);
        assertThat(a.payoutAdjustmentMinor()).isEqualTo(240);
        assertThat(a.betMinor()).isZero();
        assertThat(a.winMinor()).isZero();
        assertThat(a.ggrMinorBeforeJackpot()).isEqualTo(-940);
    }

    @Test
    void marginalTiersPriceEachSliceAtItsOwnRate() {
        Map<String, Object> c = contract("USD");
        Map<String, Object> g = game(c, GameType.SLOT, "GGR", null);
        g.put("tierMode", "MARGINAL");
        g.put("tiers", List.of(Map.of("from", "0", "rate", "0.10"), Map.of("from", "1000", "rate", "0.20")));

        Statement s = StatementCalculator.calculate(input(c, List.of(agg(GameType.SLOT, "USD", 150_000, 0))), NO_RATES);

        // 1,000 × 10 % + 500 × 20 %
        assertThat(s.lines().get(0).feeMinor()).isEqualTo(20_000);
        assertThat(s.lines().get(0).detail().get("breakdown")).asList().hasSize(2);
    }

    @Test
    void wholeVolumeTiersPriceTheWholeVolumeAtTheReachedRate() {
        Map<String, Object> c = contract("USD");
        Map<String, Object> g = game(c, GameType.SLOT, "GGR", null);
        g.put("tierMode", "WHOLE_VOLUME");
        g.put("tiers", List.of(Map.of("from", "0", "rate", "0.10"), Map.of("from", "1000", "rate", "0.20")));

        Statement s = StatementCalculator.calculate(input(c, List.of(agg(GameType.SLOT, "USD", 150_000, 0))), NO_RATES);

        assertThat(s.lines().get(0).feeMinor()).isEqualTo(30_000);
    }

    @Test
    void tiersCountTheMonthToDateSoAWholeVolumeCrossingTruesUpEarlierDays() {
        Map<String, Object> c = contract("USD");
        Map<String, Object> g = game(c, GameType.SLOT, "GGR", null);
        g.put("tierMode", "WHOLE_VOLUME");
        g.put("tiers", List.of(Map.of("from", "0", "rate", "0.10"), Map.of("from", "1000", "rate", "0.20")));
        ContractTerms terms = ContractTerms.fromMap(c);
        // earlier days of the month: base 800 (charged 80.00); today 400 → month 1,200 at 20 % = 240 → today 160
        StatementInput day2 = new StatementInput("p1", DAY, DAY, 1, terms, List.of(agg(GameType.SLOT, "USD", 40_000, 0)),
                Map.of(GameType.SLOT, new BigDecimal("800")), Map.of(GameType.SLOT, 8_000L), 0, DAY.minusDays(1));

        assertThat(StatementCalculator.calculate(day2, NO_RATES).feesMinor()).isEqualTo(16_000);

        g.put("tierMode", "MARGINAL");
        StatementInput marginal = new StatementInput("p1", DAY, DAY, 1, ContractTerms.fromMap(c),
                List.of(agg(GameType.SLOT, "USD", 40_000, 0)), Map.of(GameType.SLOT, new BigDecimal("800")),
                Map.of(), 0, DAY.minusDays(1));
        // 200 × 10 % + 200 × 20 %
        assertThat(StatementCalculator.calculate(marginal, NO_RATES).feesMinor()).isEqualTo(6_000);
    }

    @Test
    void minimumGuaranteeTopsUpTheMonthOnTheStatementThatEndsIt() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10").put("minimumGuarantee", "500.00");
        LocalDate monthEnd = LocalDate.of(2026, 11, 30);
        AggregateLine a = new AggregateLine(GameType.SLOT, "USD", monthEnd, monthEnd, 1, 1_200_000, 1, 1_080_000,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        ContractTerms terms = ContractTerms.fromMap(c);
        // 150.00 charged earlier in the month + 120.00 today = 270.00 < 500.00 → top-up 230.00
        StatementInput in = new StatementInput("p1", monthEnd, monthEnd, 1, terms, List.of(a), Map.of(),
                Map.of(GameType.SLOT, 15_000L), 0, monthEnd.minusDays(1));

        Statement s = StatementCalculator.calculate(in, NO_RATES);

        assertThat(s.feesMinor()).isEqualTo(12_000);
        assertThat(s.topUpMinor()).isEqualTo(23_000);
        assertThat(s.totalPayableMinor()).isEqualTo(35_000);

        StatementInput midMonth = new StatementInput("p1", DAY, DAY, 1, terms, List.of(agg(GameType.SLOT, "USD", 1_200_000,
                1_080_000)), Map.of(), Map.of(), 0, null);
        assertThat(StatementCalculator.calculate(midMonth, NO_RATES).topUpMinor()).isZero();
    }

    @Test
    void negativeResultIsCarriedForwardOverThreePeriodsUntilCleared() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        ContractTerms terms = ContractTerms.fromMap(c);
        LocalDate d1 = DAY.minusDays(2);
        LocalDate d2 = DAY.minusDays(1);

        // period 1: GGR −500.00 → fee −50.00: nothing payable, −50.00 carried
        Statement p1 = StatementCalculator.calculate(new StatementInput("p1", d1, d1, 1, terms,
                List.of(day(d1, 100_000, 150_000)), Map.of(), Map.of(), 0, null), NO_RATES);
        assertThat(p1.feesMinor()).isEqualTo(-5_000);
        assertThat(p1.totalPayableMinor()).isZero();
        assertThat(p1.carryOutMinor()).isEqualTo(-5_000);

        // period 2: fee +30.00 − 50.00 → still −20.00 carried
        Statement p2 = StatementCalculator.calculate(new StatementInput("p1", d2, d2, 1, terms,
                List.of(day(d2, 30_000, 0)), Map.of(), Map.of(), p1.carryOutMinor(), d1), NO_RATES);
        assertThat(p2.carryInMinor()).isEqualTo(-5_000);
        assertThat(p2.totalPayableMinor()).isZero();
        assertThat(p2.carryOutMinor()).isEqualTo(-2_000);

        // period 3: fee +100.00 − 20.00 → 80.00 payable, cleared
        Statement p3 = StatementCalculator.calculate(new StatementInput("p1", DAY, DAY, 1, terms,
                List.of(day(DAY, 100_000, 0)), Map.of(), Map.of(), p2.carryOutMinor(), d2), NO_RATES);
        assertThat(p3.carryInMinor()).isEqualTo(-2_000);
        assertThat(p3.totalPayableMinor()).isEqualTo(8_000);
        assertThat(p3.carryOutMinor()).isZero();
    }

    @Test
    void resetMonthlyDropsTheCarryForwardAtANewMonth() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        c.put("negativeBase", "RESET_MONTHLY");
        LocalDate dec1 = LocalDate.of(2026, 12, 1);
        Statement s = StatementCalculator.calculate(new StatementInput("p1", dec1, dec1, 1, ContractTerms.fromMap(c),
                List.of(day(dec1, 100_000, 0)), Map.of(), Map.of(), -5_000, dec1.minusDays(1)), NO_RATES);
        assertThat(s.carryInMinor()).isZero();
        assertThat(s.totalPayableMinor()).isEqualTo(10_000);
    }

    @Test
    void ngrDeductionsApplyInTheContractsOrder() {
        AggregateLine live = withFreeRounds(agg(GameType.LIVE, "USD", 200_000, 100_000), 10_000); // GGR 1,000.00, bonus 100.00
        Map<String, Object> bonusFirst = contract("USD");
        game(bonusFirst, GameType.LIVE, "NGR", "0.10");
        deduction(bonusFirst, "BONUS_COST", null);
        deduction(bonusFirst, "GAMING_TAX", "0.10");
        Map<String, Object> taxFirst = contract("USD");
        game(taxFirst, GameType.LIVE, "NGR", "0.10");
        deduction(taxFirst, "GAMING_TAX", "0.10");
        deduction(taxFirst, "BONUS_COST", null);

        Statement a = StatementCalculator.calculate(input(bonusFirst, List.of(live)), NO_RATES);
        Statement b = StatementCalculator.calculate(input(taxFirst, List.of(live)), NO_RATES);

        // 1,000 − 100 = 900, tax 90 → NGR 810; versus tax 100 on 1,000, then −100 → NGR 800
        assertThat(a.lines().get(0).detail()).containsEntry("ngr", "810.0000").containsEntry("fee", "81.00");
        assertThat(b.lines().get(0).detail()).containsEntry("ngr", "800.0000").containsEntry("fee", "80.00");
    }

    @Test
    void providerFundedFreeRoundsAreNotABonusCost() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.LIVE, "NGR", "0.25").put("freeRoundFunder", "PROVIDER");
        deduction(c, "BONUS_COST", null);
        AggregateLine live = withFreeRounds(agg(GameType.LIVE, "USD", 500_000, 410_000), 10_000);
        assertThat(StatementCalculator.calculate(input(c, List.of(live)), NO_RATES).feesMinor()).isEqualTo(22_500);
    }

    @Test
    void krwLinesConvertIntoAUsdContractWithEcbCrossRates() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.LIVE, "GGR", "0.10");
        // KRW 1,234,567 GGR; EUR/USD 1.0500, EUR/KRW 1475.00 → KRW/USD 0.000711864406779661016...
        FxRateBook fx = rates("EUR/USD", DAY, "1.0500", "EUR/KRW", DAY, "1475.00");

        Statement s = StatementCalculator.calculate(input(c, List.of(agg(GameType.LIVE, "KRW", 2_234_567, 1_000_000))), fx);

        Map<String, Object> line = s.lines().get(0).detail();
        assertThat(line).containsEntry("ggr", "1234567");
        assertThat((Map<String, Object>) line.get("fx")).containsEntry("source", "ECB (cross via EUR)")
                .containsEntry("rateDate", DAY.toString());
        // 1,234,567 × 1.05 / 1475 = 878.8443... ; fee 87.88443... → 87.88
        assertThat(line).containsEntry("fee", "87.88");
        assertThat(new BigDecimal((String) line.get("roundingApplied")).abs()).isLessThan(new BigDecimal("0.01"));
    }

    @Test
    void usdLinesConvertIntoZeroDecimalJpyAndKrwContracts() {
        Map<String, Object> jpy = contract("JPY");
        game(jpy, GameType.SLOT, "GGR", "0.15");
        FxRateBook fx = rates("USD/JPY", DAY, "154.37", "USD/KRW", DAY, "1398.5");
        // GGR 1,234.57 USD × 154.37 = 190,580.5709 JPY × 15 % = 28,587.085635 → 28,587 JPY
        Statement s = StatementCalculator.calculate(input(jpy, List.of(agg(GameType.SLOT, "USD", 223_457, 100_000))), fx);
        assertThat(s.lines().get(0).detail()).containsEntry("fee", "28587");
        assertThat(s.totalPayableMinor()).isEqualTo(28_587);

        Map<String, Object> krw = contract("KRW");
        game(krw, GameType.SLOT, "GGR", "0.15");
        krw.put("roundingMode", "HALF_UP");
        // 1,234.57 × 1398.5 = 1,726,546.145 × 15 % = 258,981.92175 → 258,982 KRW
        Statement k = StatementCalculator.calculate(input(krw, List.of(agg(GameType.SLOT, "USD", 223_457, 100_000))), fx);
        assertThat(k.totalPayableMinor()).isEqualTo(258_982);
    }

    @Test
    void bhdContractsRoundToThreeDecimals() {
        Map<String, Object> c = contract("BHD");
        game(c, GameType.TABLE, "GGR", "0.15");
        FxRateBook fx = rates("USD/BHD", DAY, "0.376");
        // 1,234.57 × 0.376 = 464.19832 × 15 % = 69.629748 → 69.630 BHD
        Statement s = StatementCalculator.calculate(input(c, List.of(agg(GameType.TABLE, "USD", 223_457, 100_000))), fx);
        assertThat(s.lines().get(0).detail()).containsEntry("fee", "69.630");
        assertThat(new BigDecimal((String) s.lines().get(0).detail().get("roundingApplied"))).isEqualByComparingTo("0.000252");
        assertThat(s.totalPayableMinor()).isEqualTo(69_630);
    }

    @Test
    void fxFallsBackToAnEarlierRateWithinTheWindowElseNamesPairAndDate() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        c.put("fxFallbackDays", 2);
        // DAY is a Tuesday: 2 business days back is the Friday before, 4 calendar days
        LocalDate friday = DAY.minusDays(4);
        FxRateBook fridayRate = rates("EUR/USD", friday, "1.05");
        Statement s = StatementCalculator.calculate(input(c, List.of(agg(GameType.SLOT, "EUR", 100_000, 0))), fridayRate);
        assertThat((Map<String, Object>) s.lines().get(0).detail().get("fx")).containsEntry("rateDate",
                friday.toString()).containsEntry("requestedDate", DAY.toString());

        FxRateBook tooOld = rates("EUR/USD", friday.minusDays(1), "1.05");
        assertThatThrownBy(() -> StatementCalculator.calculate(input(c, List.of(agg(GameType.SLOT, "EUR", 100_000, 0))),
                tooOld)).isInstanceOf(MissingFxRateException.class).hasMessageContaining("EUR/USD")
                .hasMessageContaining(DAY.toString()).hasMessageContaining("2 business days");
    }

    @Test
    void theFxFallbackCountsBusinessDaysSkippingTheWeekend() {
        LocalDate monday = LocalDate.of(2026, 11, 23);
        assertThat(FxRateBook.earliestFallback(monday, 1)).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(FxRateBook.earliestFallback(monday, 0)).isEqualTo(monday);
        assertThat(FxRateBook.earliestFallback(LocalDate.of(2026, 11, 22), 1)).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(FxRateBook.earliestFallback(LocalDate.of(2026, 11, 26), 5)).isEqualTo(LocalDate.of(2026, 11, 19));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPeriodEndRateDateConvertsTheWholeMonthAtTheLastDaysRate() {
        Map<String, Object> c = contract("USD");
        c.put("period", "MONTHLY");
        c.put("rateDate", "PERIOD_END");
        c.put("fxFallbackDays", 0);
        game(c, GameType.SLOT, "GGR", "0.10");
        LocalDate start = LocalDate.of(2026, 11, 1);
        LocalDate end = LocalDate.of(2026, 11, 30);
        LocalDate mid = LocalDate.of(2026, 11, 10);
        AggregateLine onTheTenth = new AggregateLine(GameType.SLOT, "EUR", mid, mid, 1, 100_000, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0);
        FxRateBook book = rates("EUR/USD", mid, "1.10", "EUR/USD", end, "1.20");

        Statement s = StatementCalculator.calculate(input(c, start, end, List.of(onTheTenth)), book);

        Map<String, Object> fx = (Map<String, Object>) s.lines().get(0).detail().get("fx");
        assertThat(fx).containsEntry("rateDate", end.toString()).containsEntry("requestedDate", end.toString())
                .containsEntry("rate", "1.20");
        assertThat(s.lines().get(0).detail()).containsEntry("fee", "120.00"); // 1,000 EUR × 1.20 × 10 %
    }

    @Test
    void lateTransactionsBecomeAdjustmentLinesReferencingTheirOriginalDate() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        AggregateLine late = new AggregateLine(GameType.SLOT, "USD", DAY, DAY.minusDays(1), 0, 0, 0, 0, 1, 5_000,
                0, 0, 0, 0, 0, 0, 0, 0);
        Statement s = StatementCalculator.calculate(input(c, List.of(late, agg(GameType.SLOT, "USD", 100_000, 0))),
                NO_RATES);
        assertThat(s.lines()).hasSize(2);
        assertThat(s.lines().get(1).detail()).containsEntry("kind", "LATE_ADJUSTMENT")
                .containsEntry("originDate", DAY.minusDays(1).toString()).containsEntry("fee", "-5.00");
        assertThat(s.feesMinor()).isEqualTo(10_000 - 500);
    }

    @Test
    void aggregatorFeeIsItsOwnItemOnTheGgr() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        c.put("aggregatorFeeRate", "0.015");
        Statement s = StatementCalculator.calculate(input(c, List.of(agg(GameType.SLOT, "USD", 1_200_000, 1_080_000))),
                NO_RATES);
        assertThat(s.aggregatorFeeMinor()).isEqualTo(1_800);
        assertThat(s.totalPayableMinor()).isEqualTo(12_000 + 1_800);
    }

    @Test
    void aGameTypeTheContractDoesNotPriceFailsTheCloseNamingIt() {
        Map<String, Object> c = contract("USD");
        game(c, GameType.SLOT, "GGR", "0.10");
        assertThatThrownBy(() -> StatementCalculator.calculate(input(c, List.of(agg(GameType.CRASH, "USD", 1, 0))),
                NO_RATES)).isInstanceOf(ContractViolation.class).hasMessageContaining("CRASH");
    }

    private static AggregateLine day(LocalDate d, long bets, long wins) {
        return new AggregateLine(GameType.SLOT, "USD", d, d, 1, bets, 1, wins, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
