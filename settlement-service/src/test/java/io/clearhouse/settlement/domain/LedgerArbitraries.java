package io.clearhouse.settlement.domain;

import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators shared by the domain properties and the SQL-level property IT. */
public final class LedgerArbitraries {

    public static final List<String> CURRENCIES = List.of("USD", "EUR", "KRW", "JPY", "BHD");

    private LedgerArbitraries() {
    }

    /**
     * A day of play of provider {@code p1} on {@link StatementMother#DAY}: bets (with jackpot
     * contributions), wins, rollbacks, free-round and jackpot wins, and signed ADJUSTMENTs of either
     * side, over three game types, five currencies and two brands.
     */
    public static Arbitrary<List<TransactionRecorded>> days() {
        Arbitrary<TransactionRecorded> tx = Combinators.combine(
                Arbitraries.of(TransactionType.BET, TransactionType.BET, TransactionType.WIN, TransactionType.ROLLBACK,
                        TransactionType.FREE_ROUND_WIN, TransactionType.JACKPOT_WIN, TransactionType.ADJUSTMENT),
                Arbitraries.of(TransactionType.BET, TransactionType.WIN, TransactionType.JACKPOT_WIN,
                        TransactionType.FREE_ROUND_WIN),
                Arbitraries.of(GameType.SLOT, GameType.LIVE, GameType.TABLE),
                Arbitraries.of(CURRENCIES),
                Arbitraries.longs().between(1, 50_000_000L),
                Arbitraries.of(true, false),
                Arbitraries.of("brand-a", "brand-b"),
                Arbitraries.strings().alpha().ofLength(12)).as(LedgerArbitraries::tx);
        return tx.list().ofMinSize(0).ofMaxSize(60).uniqueElements(TransactionRecorded::transactionId);
    }

    /**
     * Contract terms (as the API takes them, without the settlement currency) pricing SLOT, LIVE and
     * TABLE: each on GGR or NGR, flat or tiered (marginal or whole-volume), and an ordered subset of
     * the NGR deductions.
     */
    public static Arbitrary<Map<String, Object>> contracts() {
        Arbitrary<Map<String, Object>> game = Combinators.combine(Arbitraries.of("GGR", "NGR"),
                Arbitraries.of("FLAT", "MARGINAL", "WHOLE_VOLUME"), Arbitraries.of("0.125", "0.2275", "0.0333"),
                Arbitraries.of("OPERATOR", "PROVIDER")).as((base, mode, rate, funder) -> {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("base", base);
                    g.put("freeRoundFunder", funder);
                    if (mode.equals("FLAT")) {
                        g.put("rate", rate);
                    } else {
                        g.put("tierMode", mode);
                        g.put("tiers", List.of(Map.of("from", "0", "rate", rate), Map.of("from", "500", "rate", "0.05"),
                                Map.of("from", "20000", "rate", "0.30")));
                    }
                    return g;
                });
        Arbitrary<List<Map<String, Object>>> deductions = Arbitraries.of(
                Map.<String, Object>of("type", "BONUS_COST"), Map.<String, Object>of("type", "JACKPOT_CONTRIBUTIONS"),
                Map.<String, Object>of("type", "GAMING_TAX", "rate", "0.15"),
                Map.<String, Object>of("type", "OTHER", "rate", "0.02")).list().uniqueElements().ofMaxSize(4);
        return Combinators.combine(game, game, game, deductions).as((slot, live, table, ds) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("timeZone", "UTC");
            c.put("games", Map.of("SLOT", slot, "LIVE", live, "TABLE", table));
            c.put("deductions", new ArrayList<>(ds));
            return c;
        });
    }

    /** An ADJUSTMENT corrects {@code adjusted}, by a signed amount ({@code negative}); other types are positive. */
    private static TransactionRecorded tx(TransactionType type, TransactionType adjusted, GameType game, String currency,
                                          long amount, boolean negative, String brand, String id) {
        long signed = type == TransactionType.ADJUSTMENT && negative ? -amount : amount;
        return TransactionMother.tx(id, type, adjusted, game, currency, signed, brand, StatementMother.DAY);
    }
}
