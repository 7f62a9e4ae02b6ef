package io.clearhouse.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Money properties of the calculator over random days of play, several currencies and rounding modes. */
class StatementProperties {

    private static final LocalDate DAY = StatementMother.DAY;
    private static final List<String> CURRENCIES = LedgerGenerators.CURRENCIES;
    private static final FxRateBook FX = StatementMother.rates(
            "EUR/USD", DAY, "1.0531", "EUR/KRW", DAY, "1475.37", "EUR/JPY", DAY, "162.91", "EUR/BHD", DAY, "0.3969");
    private static final List<RoundingMode> ROUNDING_MODES = List.of(RoundingMode.HALF_EVEN, RoundingMode.HALF_UP,
            RoundingMode.DOWN, RoundingMode.UP, RoundingMode.CEILING, RoundingMode.FLOOR);
    private static final Map<GameType, String> RATES = Map.of(GameType.SLOT, "0.125", GameType.LIVE, "0.2275",
            GameType.TABLE, "0.0333");

    /** A day of play settled in one currency. */
    record Day(List<TransactionRecorded> txs, String currency) {
    }

    record DayUnderContract(List<TransactionRecorded> txs, Map<String, Object> contract, String currency) {
    }

    record DayRounded(List<TransactionRecorded> txs, String currency, RoundingMode mode) {
    }

    record DayShuffled(List<TransactionRecorded> txs, long seed) {
    }

    @Test
    void feesBeforeRoundingEqualTheSumOfEachTransactionsContribution() {
        PropertyCheck.forAll(StatementProperties::anyDay).edgeCases(edgeDays()).tries(200)
                .shrinkWith(StatementProperties::simpler).check(d -> {
                    List<TransactionRecorded> txs = d.txs();
                    String currency = d.currency();
                    Statement s = StatementCalculator.calculate(input(txs, currency, RoundingMode.HALF_EVEN), FX);

                    BigDecimal expected = BigDecimal.ZERO;
                    for (TransactionRecorded tx : txs) {
                        BigDecimal contribution = BigDecimal.valueOf(ggrContribution(tx), Currencies.exponentOf(tx.currency()));
                        BigDecimal rate = FX.quote(tx.currency(), currency, DAY, 0).rate();
                        expected = expected.add(contribution.multiply(rate).multiply(new BigDecimal(RATES.get(tx.gameType()))));
                    }
                    BigDecimal actual = s.lines().stream().map(StatementLine::feeExact).reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertThat(actual).isEqualByComparingTo(expected);
                });
    }

    @Test
    void underNgrDeductionsAndTiersTheBaseIsConservedAndTheFeesTelescope() {
        PropertyCheck.forAll(r -> new DayUnderContract(LedgerGenerators.day(r), LedgerGenerators.contract(r),
                        Gen.oneOf(r, CURRENCIES)))
                .edgeCases(edgeDaysUnderContracts()).tries(200)
                .shrinkWith(d -> Stream.concat(
                        LedgerGenerators.simpler(d.txs()).map(txs -> new DayUnderContract(txs, d.contract(), d.currency())),
                        simplerCurrencies(d.currency()).map(c -> new DayUnderContract(d.txs(), d.contract(), c))))
                .check(d -> {
                    List<TransactionRecorded> txs = d.txs();
                    String currency = d.currency();
                    Map<String, Object> c = new LinkedHashMap<>(d.contract());
                    c.put("settlementCurrency", currency);
                    c.put("fxFallbackDays", 0);
                    ContractTerms terms = ContractTerms.fromMap(c);
                    StatementInput in = new StatementInput("p1", DAY, DAY, 1, terms, fold(txs), Map.of(), Map.of(), 0, null);

                    Statement s = StatementCalculator.calculate(in, FX);

                    Map<GameType, BigDecimal> expectedBase = new java.util.EnumMap<>(GameType.class);
                    for (TransactionRecorded tx : txs) {
                        BigDecimal rate = FX.quote(tx.currency(), currency, DAY, 0).rate();
                        expectedBase.merge(tx.gameType(), baseContribution(tx, terms).multiply(rate), BigDecimal::add);
                    }
                    Map<GameType, BigDecimal> base = new java.util.EnumMap<>(GameType.class);
                    Map<GameType, BigDecimal> fees = new java.util.EnumMap<>(GameType.class);
                    for (StatementLine line : s.lines()) {
                        base.merge(line.gameType(), line.baseConverted(), BigDecimal::add);
                        fees.merge(line.gameType(), line.feeExact(), BigDecimal::add);
                    }
                    for (GameType g : expectedBase.keySet()) {
                        assertThat(base.get(g)).as("base of %s", g).isEqualByComparingTo(expectedBase.get(g));
                        // Σ (F(after) − F(before)) over the lines = F(month volume): tiers see the whole volume once
                        assertThat(fees.get(g)).as("fees of %s", g)
                                .isEqualByComparingTo(FeeSchedule.fee(terms.game(g), expectedBase.get(g)));
                    }
                });
    }

    @Test
    void roundingMovesEachLineByLessThanOneMinorUnit() {
        List<DayRounded> edges = new ArrayList<>();
        edgeDays().forEach(d -> ROUNDING_MODES.forEach(m -> edges.add(new DayRounded(d.txs(), d.currency(), m))));
        PropertyCheck.forAll(r -> new DayRounded(LedgerGenerators.day(r), Gen.oneOf(r, CURRENCIES),
                        Gen.oneOf(r, ROUNDING_MODES)))
                .edgeCases(edges).tries(200)
                .shrinkWith(d -> LedgerGenerators.simpler(d.txs()).map(txs -> new DayRounded(txs, d.currency(), d.mode())))
                .check(d -> {
                    String currency = d.currency();
                    Statement s = StatementCalculator.calculate(input(d.txs(), currency, d.mode()), FX);
                    BigDecimal minorUnit = BigDecimal.ONE.movePointLeft(Currencies.exponentOf(currency));
                    for (StatementLine line : s.lines()) {
                        BigDecimal rounded = BigDecimal.valueOf(line.feeMinor(), Currencies.exponentOf(currency));
                        assertThat(rounded.subtract(line.feeExact()).abs()).isLessThan(minorUnit);
                    }
                });
    }

    @Test
    void totalsAreTheSumOfTheLines() {
        PropertyCheck.forAll(StatementProperties::anyDay).edgeCases(edgeDays()).tries(200)
                .shrinkWith(StatementProperties::simpler).check(d -> {
                    List<TransactionRecorded> txs = d.txs();
                    Statement s = StatementCalculator.calculate(input(txs, d.currency(), RoundingMode.HALF_UP), FX);
                    long lines = s.lines().stream().mapToLong(StatementLine::feeMinor).sum();
                    assertThat(s.feesMinor()).isEqualTo(lines);
                    assertThat(s.totalPayableMinor()).isEqualTo(Math.max(0, lines + s.topUpMinor() + s.carryInMinor())
                            + s.aggregatorFeeMinor());
                    assertThat(s.carryOutMinor()).isEqualTo(Math.min(0, lines + s.topUpMinor() + s.carryInMinor()));
                    long bets = txs.stream().filter(t -> t.type() == TransactionType.BET && t.currency().equals("USD"))
                            .mapToLong(TransactionRecorded::amountMinor).sum();
                    long lineBets = s.lines().stream().filter(l -> l.currency().equals("USD"))
                            .mapToLong(l -> new BigDecimal((String) l.detail().get("bets")).movePointRight(2).longValueExact())
                            .sum();
                    assertThat(lineBets).isEqualTo(bets);
                });
    }

    @Test
    void sameTransactionsInAnotherArrivalOrderGiveTheSameBytes() {
        PropertyCheck.forAll(r -> new DayShuffled(LedgerGenerators.day(r), Gen.anyLong(r)))
                .edgeCases(LedgerGenerators.edgeDays().stream().map(txs -> new DayShuffled(txs, 0)).toList()).tries(100)
                .shrinkWith(d -> LedgerGenerators.simpler(d.txs()).map(txs -> new DayShuffled(txs, d.seed())))
                .check(d -> {
                    List<TransactionRecorded> txs = d.txs();
                    String first = StatementCalculator.calculate(input(txs, "EUR", RoundingMode.HALF_EVEN), FX).sha256();
                    String rerun = StatementCalculator.calculate(input(txs, "EUR", RoundingMode.HALF_EVEN), FX).sha256();
                    List<TransactionRecorded> shuffled = new ArrayList<>(txs);
                    Collections.shuffle(shuffled, new Random(d.seed()));
                    String reordered = StatementCalculator.calculate(input(shuffled, "EUR", RoundingMode.HALF_EVEN), FX)
                            .sha256();
                    assertThat(rerun).isEqualTo(first);
                    assertThat(reordered).isEqualTo(first);
                });
    }

    // ------------------------------------------------------------------ generators

    private static Day anyDay(Random r) {
        return new Day(LedgerGenerators.day(r), Gen.oneOf(r, CURRENCIES));
    }

    /** Every edge day settled in every currency. */
    private static List<Day> edgeDays() {
        List<Day> edges = new ArrayList<>();
        LedgerGenerators.edgeDays().forEach(txs -> CURRENCIES.forEach(c -> edges.add(new Day(txs, c))));
        return edges;
    }

    private static List<DayUnderContract> edgeDaysUnderContracts() {
        List<DayUnderContract> edges = new ArrayList<>();
        for (Map<String, Object> contract : LedgerGenerators.edgeContracts()) {
            edgeDays().forEach(d -> edges.add(new DayUnderContract(d.txs(), contract, d.currency())));
        }
        return edges;
    }

    /** Fewer transactions, then a settlement currency earlier in the list. */
    private static Stream<Day> simpler(Day d) {
        return Stream.concat(LedgerGenerators.simpler(d.txs()).map(txs -> new Day(txs, d.currency())),
                simplerCurrencies(d.currency()).map(c -> new Day(d.txs(), c)));
    }

    private static Stream<String> simplerCurrencies(String currency) {
        return CURRENCIES.subList(0, CURRENCIES.indexOf(currency)).stream();
    }

    // ------------------------------------------------------------------ fixtures

    /** GGR effect of one transaction under the property contract (GGR base, jackpot wins outside GGR). */
    private static long ggrContribution(TransactionRecorded tx) {
        return switch (tx.type()) {
            case BET -> tx.amountMinor();
            case WIN -> tx.freeRound() ? 0 : -tx.amountMinor();
            case ROLLBACK -> -tx.amountMinor();
            case ADJUSTMENT -> tx.adjustedType() == TransactionType.BET ? tx.amountMinor() : -tx.amountMinor();
            default -> 0;
        };
    }

    /**
     * One transaction's share of the line base under {@code terms}, before FX: its GGR effect, then
     * each deduction in the contract's order (each is linear, so shares add up to the line's base).
     */
    static BigDecimal baseContribution(TransactionRecorded tx, ContractTerms terms) {
        GameTerms g = terms.game(tx.gameType());
        int exp = Currencies.exponentOf(tx.currency());
        BigDecimal ggr = BigDecimal.valueOf(ggrContribution(tx), exp);
        if (g.base() == Terms.Base.GGR) {
            return ggr;
        }
        boolean freeRoundWin = tx.type() == TransactionType.FREE_ROUND_WIN
                || (tx.type() == TransactionType.WIN && tx.freeRound());
        BigDecimal running = ggr;
        for (Deduction d : terms.deductions()) {
            running = switch (d.type()) {
                case BONUS_COST -> freeRoundWin && g.freeRoundFunder() == Terms.Funder.OPERATOR
                        ? running.subtract(BigDecimal.valueOf(tx.amountMinor(), exp)) : running;
                case JACKPOT_CONTRIBUTIONS -> tx.type() == TransactionType.BET && tx.jackpotContributionMinor() != null
                        && g.jackpotTreatment() == Terms.JackpotTreatment.CONTRIBUTIONS_DEDUCTED
                        ? running.subtract(BigDecimal.valueOf(tx.jackpotContributionMinor(), exp)) : running;
                case GAMING_TAX, OTHER -> running.subtract(running.multiply(d.rate()));
            };
        }
        return running;
    }

    /** Folds the transactions into aggregates per (brand, game, currency) in arrival order, as the consumer does. */
    static List<AggregateLine> fold(List<TransactionRecorded> txs) {
        Map<String, AggregateLine> byKey = new LinkedHashMap<>();
        for (TransactionRecorded tx : txs) {
            String key = tx.brandId() + "|" + tx.gameType() + "|" + tx.currency();
            byKey.merge(key, AggregateLine.empty(tx.gameType(), tx.currency(), DAY, DAY).plus(tx), AggregateLine::plus);
        }
        return new ArrayList<>(byKey.values());
    }

    private static StatementInput input(List<TransactionRecorded> txs, String currency, RoundingMode mode) {
        Map<String, Object> c = StatementMother.contract(currency);
        RATES.forEach((g, r) -> StatementMother.game(c, g, "GGR", r));
        c.put("roundingMode", mode.name());
        c.put("fxFallbackDays", 0);
        return new StatementInput("p1", DAY, DAY, 1, ContractTerms.fromMap(c), fold(txs), Map.of(), Map.of(), 0, null);
    }
}
