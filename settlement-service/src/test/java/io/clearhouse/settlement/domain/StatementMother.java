package io.clearhouse.settlement.domain;

import io.clearhouse.common.transaction.GameType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixtures for the calculator: contracts from maps (as the API and YAML give them), aggregates, inputs. */
final class StatementMother {

    static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    private StatementMother() {
    }

    static Map<String, Object> contract(String currency) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settlementCurrency", currency);
        m.put("timeZone", "UTC");
        m.put("games", new LinkedHashMap<String, Object>());
        m.put("deductions", new ArrayList<>());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> game(Map<String, Object> contract, GameType type, String base, String rate) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("base", base);
        if (rate != null) {
            g.put("rate", rate);
        }
        ((Map<String, Object>) contract.get("games")).put(type.name(), g);
        return g;
    }

    @SuppressWarnings("unchecked")
    static void deduction(Map<String, Object> contract, String type, String rate) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", type);
        if (rate != null) {
            d.put("rate", rate);
        }
        ((List<Object>) contract.get("deductions")).add(d);
    }

    static AggregateLine agg(GameType type, String currency, long bets, long wins) {
        return new AggregateLine(type, currency, DAY, DAY, 1, bets, 1, wins, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static AggregateLine withFreeRounds(AggregateLine a, long freeRoundWins) {
        return new AggregateLine(a.gameType(), a.currency(), a.postingDate(), a.originDate(), a.betCount(), a.betMinor(),
                a.winCount(), a.winMinor(), a.rollbackCount(), a.rollbackMinor(), 1, freeRoundWins, 0, 0,
                a.jackpotContributionMinor(), a.adjustmentCount(), a.stakeAdjustmentMinor(), a.payoutAdjustmentMinor());
    }

    /** {@code a} with signed adjustments: {@code stake} corrects bets, {@code payout} corrects wins. */
    static AggregateLine withAdjustments(AggregateLine a, int count, long stake, long payout) {
        return new AggregateLine(a.gameType(), a.currency(), a.postingDate(), a.originDate(), a.betCount(), a.betMinor(),
                a.winCount(), a.winMinor(), a.rollbackCount(), a.rollbackMinor(), a.freeRoundWinCount(),
                a.freeRoundWinMinor(), a.jackpotWinCount(), a.jackpotWinMinor(), a.jackpotContributionMinor(),
                a.adjustmentCount() + count, a.stakeAdjustmentMinor() + stake, a.payoutAdjustmentMinor() + payout);
    }

    static StatementInput input(Map<String, Object> contract, LocalDate start, LocalDate end, List<AggregateLine> aggs) {
        return new StatementInput("p1", start, end, 1, ContractTerms.fromMap(contract), aggs, Map.of(), Map.of(), 0, null);
    }

    static StatementInput input(Map<String, Object> contract, List<AggregateLine> aggs) {
        return input(contract, DAY, DAY, aggs);
    }

    static FxRateBook rates(Object... triples) {
        List<FxRateBook.Rate> rates = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            String[] pair = ((String) triples[i]).split("/");
            rates.add(new FxRateBook.Rate(pair[0], pair[1], (LocalDate) triples[i + 1], new BigDecimal((String) triples[i + 2]),
                    "ECB"));
        }
        return new FxRateBook(rates);
    }

    static final FxRateBook NO_RATES = new FxRateBook(List.of());
}
