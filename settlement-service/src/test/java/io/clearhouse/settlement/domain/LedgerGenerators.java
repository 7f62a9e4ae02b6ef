package io.clearhouse.settlement.domain;

import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.common.transaction.TransactionType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/** Seeded generators (and their edge cases) shared by the domain properties and the SQL-level property IT. */
public final class LedgerGenerators {

    public static final List<String> CURRENCIES = List.of("USD", "EUR", "KRW", "JPY", "BHD");
    public static final int DAY_SIZE_MAX = 60;
    public static final long AMOUNT_MIN = 1;
    public static final long AMOUNT_MAX = 50_000_000L;
    static final int ID_LENGTH = 12;

    /** BET twice: a day has about twice as many bets as anything else. */
    private static final List<TransactionType> TYPES = List.of(TransactionType.BET, TransactionType.BET,
            TransactionType.WIN, TransactionType.ROLLBACK, TransactionType.FREE_ROUND_WIN, TransactionType.JACKPOT_WIN,
            TransactionType.ADJUSTMENT);
    private static final List<TransactionType> ADJUSTED = List.of(TransactionType.BET, TransactionType.WIN,
            TransactionType.JACKPOT_WIN, TransactionType.FREE_ROUND_WIN);
    private static final List<GameType> GAMES = List.of(GameType.SLOT, GameType.LIVE, GameType.TABLE);
    private static final List<String> BRANDS = List.of("brand-a", "brand-b");
    private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static final List<String> GAME_RATES = List.of("0.125", "0.2275", "0.0333");
    private static final List<Map<String, Object>> DEDUCTIONS = List.of(
            Map.of("type", "BONUS_COST"), Map.of("type", "JACKPOT_CONTRIBUTIONS"),
            Map.of("type", "GAMING_TAX", "rate", "0.15"), Map.of("type", "OTHER", "rate", "0.02"));

    private LedgerGenerators() {
    }

    /**
     * A day of play of provider {@code p1} on {@link StatementMother#DAY}: 0 to 60 transactions with
     * distinct ids, bets (with jackpot contributions), wins, rollbacks, free-round and jackpot wins, and
     * signed ADJUSTMENTs of either side, over three game types, five currencies and two brands, amounts
     * 1 to 50,000,000 minor units.
     */
    public static List<TransactionRecorded> day(Random r) {
        int size = Gen.intBetween(r, 0, DAY_SIZE_MAX);
        List<TransactionRecorded> day = new ArrayList<>(size);
        Set<String> ids = new HashSet<>();
        while (day.size() < size) {
            String id = Gen.string(r, ALPHA, ID_LENGTH, ID_LENGTH);
            if (ids.add(id)) {
                day.add(tx(Gen.oneOf(r, TYPES), Gen.oneOf(r, ADJUSTED), Gen.oneOf(r, GAMES), Gen.oneOf(r, CURRENCIES),
                        Gen.longBetween(r, AMOUNT_MIN, AMOUNT_MAX), r.nextBoolean(), Gen.oneOf(r, BRANDS), id));
            }
        }
        return day;
    }

    /** A day with at least one transaction. */
    public static List<TransactionRecorded> nonEmptyDay(Random r) {
        List<TransactionRecorded> day;
        do {
            day = day(r);
        } while (day.isEmpty());
        return day;
    }

    /**
     * Days at the edges: empty; in each currency, every kind of transaction (each side of ADJUSTMENT,
     * both signs) at the smallest and at the largest amount; a full day of the largest bets, and of the
     * largest wins.
     */
    public static List<List<TransactionRecorded>> edgeDays() {
        List<List<TransactionRecorded>> days = new ArrayList<>();
        days.add(List.of());
        for (long amount : List.of(AMOUNT_MIN, AMOUNT_MAX)) {
            for (String currency : CURRENCIES) {
                List<TransactionRecorded> day = new ArrayList<>();
                int n = 0;
                for (TransactionType type : new java.util.LinkedHashSet<>(TYPES)) {
                    List<TransactionType> adjusted = type == TransactionType.ADJUSTMENT ? ADJUSTED : List.of(type);
                    for (TransactionType a : adjusted) {
                        for (boolean negative : type == TransactionType.ADJUSTMENT ? List.of(false, true) : List.of(false)) {
                            day.add(tx(type, a, GAMES.get(n % GAMES.size()), currency, amount, negative,
                                    BRANDS.get(n % BRANDS.size()), "edge" + amount + currency + (n++)));
                        }
                    }
                }
                days.add(day);
            }
        }
        for (TransactionType type : List.of(TransactionType.BET, TransactionType.WIN)) {
            List<TransactionRecorded> day = new ArrayList<>();
            for (int i = 0; i < DAY_SIZE_MAX; i++) {
                day.add(tx(type, type, GAMES.get(i % GAMES.size()), CURRENCIES.get(i % CURRENCIES.size()), AMOUNT_MAX,
                        false, BRANDS.get(i % BRANDS.size()), "full" + type + i));
            }
            days.add(day);
        }
        return days;
    }

    /** Shorter days: the shrinker for a failing day. */
    public static Stream<List<TransactionRecorded>> simpler(List<TransactionRecorded> day) {
        return Gen.shrinkList(day, 0);
    }

    /**
     * Contract terms (as the API takes them, without the settlement currency) pricing SLOT, LIVE and
     * TABLE: each on GGR or NGR, flat or tiered (marginal or whole-volume), and an ordered subset of
     * the NGR deductions.
     */
    public static Map<String, Object> contract(Random r) {
        List<Map<String, Object>> deductions = new ArrayList<>(DEDUCTIONS);
        Collections.shuffle(deductions, r);
        return contract(game(r), game(r), game(r), deductions.subList(0, Gen.intBetween(r, 0, DEDUCTIONS.size())));
    }

    /** Contracts at the edges: all GGR flat with no deduction; all NGR, tiered both ways, every deduction in both orders. */
    public static List<Map<String, Object>> edgeContracts() {
        List<Map<String, Object>> reversed = new ArrayList<>(DEDUCTIONS);
        Collections.reverse(reversed);
        return List.of(
                contract(game("GGR", "FLAT", "0.125", "OPERATOR"), game("GGR", "FLAT", "0.2275", "PROVIDER"),
                        game("GGR", "FLAT", "0.0333", "OPERATOR"), List.of()),
                contract(game("NGR", "WHOLE_VOLUME", "0.125", "OPERATOR"), game("NGR", "MARGINAL", "0.2275", "OPERATOR"),
                        game("NGR", "FLAT", "0.0333", "OPERATOR"), DEDUCTIONS),
                contract(game("NGR", "MARGINAL", "0.0333", "PROVIDER"), game("NGR", "WHOLE_VOLUME", "0.125", "PROVIDER"),
                        game("GGR", "MARGINAL", "0.2275", "PROVIDER"), reversed));
    }

    private static Map<String, Object> game(Random r) {
        return game(Gen.oneOf(r, "GGR", "NGR"), Gen.oneOf(r, "FLAT", "MARGINAL", "WHOLE_VOLUME"), Gen.oneOf(r, GAME_RATES),
                Gen.oneOf(r, "OPERATOR", "PROVIDER"));
    }

    private static Map<String, Object> game(String base, String mode, String rate, String funder) {
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
    }

    private static Map<String, Object> contract(Map<String, Object> slot, Map<String, Object> live,
                                                Map<String, Object> table, List<Map<String, Object>> deductions) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("timeZone", "UTC");
        c.put("games", Map.of("SLOT", slot, "LIVE", live, "TABLE", table));
        c.put("deductions", new ArrayList<>(deductions));
        return c;
    }

    /** An ADJUSTMENT corrects {@code adjusted}, by a signed amount ({@code negative}); other types are positive. */
    private static TransactionRecorded tx(TransactionType type, TransactionType adjusted, GameType game, String currency,
                                          long amount, boolean negative, String brand, String id) {
        long signed = type == TransactionType.ADJUSTMENT && negative ? -amount : amount;
        return TransactionMother.tx(id, type, adjusted, game, currency, signed, brand, StatementMother.DAY);
    }
}
