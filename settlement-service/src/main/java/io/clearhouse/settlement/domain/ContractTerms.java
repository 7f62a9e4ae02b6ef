package io.clearhouse.settlement.domain;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.transaction.GameType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of a provider's contract: everything needed to turn aggregates into a statement.
 * Built only through {@link #fromMap} (from JSON or YAML), which checks every term and names the
 * field at fault; {@link #toMap} gives the canonical form stored and hashed.
 *
 * @param games        terms per game type; {@code defaultGame} covers game types not listed (may be null)
 * @param fxFallbackDays how many business days (Monday to Friday) before the rate date a rate may be taken from, at most
 */
public record ContractTerms(String settlementCurrency, String timeZone, int cutoffHour, int graceMinutes,
                            Terms.Period period, Terms.RateDate rateDate, int fxFallbackDays,
                            RoundingMode roundingMode, Terms.NegativeBase negativeBase,
                            BigDecimal aggregatorFeeRate, List<Deduction> deductions,
                            Map<GameType, GameTerms> games, GameTerms defaultGame) {

    private static final Set<String> TOP_FIELDS = Set.of("settlementCurrency", "timeZone", "cutoffHour",
            "graceMinutes", "period", "rateDate", "fxFallbackDays", "roundingMode", "negativeBase",
            "aggregatorFeeRate", "deductions", "games", "defaultGame");
    private static final Set<String> GAME_FIELDS = Set.of("base", "rate", "tierMode", "tiers", "minimumGuarantee",
            "freeRoundFunder", "jackpotTreatment");

    public ContractTerms {
        deductions = List.copyOf(deductions);
        games = Map.copyOf(games);
    }

    /** The terms for a game type, or a violation naming it when the contract does not cover it. */
    public GameTerms game(GameType type) {
        GameTerms g = games.get(type);
        if (g == null) {
            g = defaultGame;
        }
        if (g == null) {
            throw new ContractViolation("games." + type, "the contract has no terms for game type " + type
                    + " and no defaultGame");
        }
        return g;
    }

    public int settlementScale() {
        return Currencies.exponentOf(settlementCurrency);
    }

    // ---------------------------------------------------------------- parsing

    public static ContractTerms fromMap(Map<String, ?> m) {
        if (m == null) {
            throw new ContractViolation("terms", "is required");
        }
        unknown(m, TOP_FIELDS, "");
        String ccy = string(m, "settlementCurrency", null);
        if (!Currencies.isKnown(ccy)) {
            throw new ContractViolation("settlementCurrency", "unknown ISO 4217 currency " + ccy);
        }
        String zone = string(m, "timeZone", "UTC");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ContractViolation("timeZone", "not a time zone: " + zone);
        }
        int cutoff = integer(m, "cutoffHour", 0, 0, 23);
        int grace = integer(m, "graceMinutes", 60, 0, 7 * 24 * 60);
        Terms.Period period = enumValue(m, "period", Terms.Period.class, Terms.Period.DAILY);
        Terms.RateDate rateDate = enumValue(m, "rateDate", Terms.RateDate.class, Terms.RateDate.BUSINESS_DATE);
        int fallback = integer(m, "fxFallbackDays", 3, 0, 14);
        RoundingMode rounding = enumValue(m, "roundingMode", RoundingMode.class, RoundingMode.HALF_EVEN);
        if (rounding == RoundingMode.UNNECESSARY) {
            throw new ContractViolation("roundingMode", "UNNECESSARY cannot round a fee");
        }
        Terms.NegativeBase negative = enumValue(m, "negativeBase", Terms.NegativeBase.class,
                Terms.NegativeBase.CARRY_FORWARD);
        BigDecimal aggregator = decimal(m, "aggregatorFeeRate", BigDecimal.ZERO);
        rate("aggregatorFeeRate", aggregator);

        List<Deduction> deductions = new ArrayList<>();
        Object rawDeductions = m.get("deductions");
        if (rawDeductions != null) {
            if (!(rawDeductions instanceof List<?> list)) {
                throw new ContractViolation("deductions", "must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                String path = "deductions[" + i + "]";
                Map<String, ?> d = map(list.get(i), path);
                unknown(d, Set.of("type", "name", "rate"), path + ".");
                Terms.DeductionType type = enumValue(d, "type", Terms.DeductionType.class, null, path + ".type");
                BigDecimal r = decimal(d, "rate", null, path + ".rate");
                boolean needsRate = type == Terms.DeductionType.GAMING_TAX || type == Terms.DeductionType.OTHER;
                if (needsRate && r == null) {
                    throw new ContractViolation(path + ".rate", "is required for " + type);
                }
                if (!needsRate && r != null) {
                    throw new ContractViolation(path + ".rate", "is not allowed for " + type);
                }
                if (r != null) {
                    rate(path + ".rate", r);
                }
                deductions.add(new Deduction(type, string(d, "name", null), r));
            }
        }

        Map<GameType, GameTerms> games = new EnumMap<>(GameType.class);
        Object rawGames = m.get("games");
        if (rawGames != null) {
            Map<String, ?> g = map(rawGames, "games");
            for (Map.Entry<String, ?> e : g.entrySet()) {
                GameType type;
                try {
                    type = GameType.valueOf(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw new ContractViolation("games." + e.getKey(), "unknown game type");
                }
                games.put(type, game(map(e.getValue(), "games." + e.getKey()), "games." + e.getKey()));
            }
        }
        GameTerms defaultGame = m.get("defaultGame") == null ? null : game(map(m.get("defaultGame"), "defaultGame"),
                "defaultGame");
        if (games.isEmpty() && defaultGame == null) {
            throw new ContractViolation("games", "at least one game type (or defaultGame) must be priced");
        }
        return new ContractTerms(ccy, zone, cutoff, grace, period, rateDate, fallback, rounding, negative, aggregator,
                deductions, games, defaultGame);
    }

    private static GameTerms game(Map<String, ?> g, String path) {
        unknown(g, GAME_FIELDS, path + ".");
        Terms.Base base = enumValue(g, "base", Terms.Base.class, Terms.Base.GGR, path + ".base");
        BigDecimal rate = decimal(g, "rate", null, path + ".rate");
        Terms.TierMode mode = enumValue(g, "tierMode", Terms.TierMode.class, Terms.TierMode.MARGINAL, path + ".tierMode");
        List<Tier> tiers = new ArrayList<>();
        Object rawTiers = g.get("tiers");
        if (rawTiers != null) {
            if (!(rawTiers instanceof List<?> list) || list.isEmpty()) {
                throw new ContractViolation(path + ".tiers", "must be a non-empty list");
            }
            BigDecimal previous = null;
            for (int i = 0; i < list.size(); i++) {
                String tp = path + ".tiers[" + i + "]";
                Map<String, ?> t = map(list.get(i), tp);
                unknown(t, Set.of("from", "rate"), tp + ".");
                BigDecimal from = decimal(t, "from", null, tp + ".from");
                BigDecimal r = decimal(t, "rate", null, tp + ".rate");
                if (from == null || r == null) {
                    throw new ContractViolation(tp, "from and rate are required");
                }
                rate(tp + ".rate", r);
                if (previous == null && from.signum() != 0) {
                    throw new ContractViolation(tp + ".from", "the first tier must start at 0");
                }
                if (previous != null && from.compareTo(previous) <= 0) {
                    throw new ContractViolation(tp + ".from", "tiers must be in ascending order of from");
                }
                previous = from;
                tiers.add(new Tier(from, r));
            }
        }
        if (rate == null && tiers.isEmpty()) {
            throw new ContractViolation(path + ".rate", "is required when there are no tiers");
        }
        if (rate != null && !tiers.isEmpty()) {
            throw new ContractViolation(path + ".rate", "give either rate or tiers, not both");
        }
        if (rate != null) {
            rate(path + ".rate", rate);
        }
        BigDecimal mg = decimal(g, "minimumGuarantee", null, path + ".minimumGuarantee");
        if (mg != null && mg.signum() < 0) {
            throw new ContractViolation(path + ".minimumGuarantee", "must not be negative");
        }
        Terms.Funder funder = enumValue(g, "freeRoundFunder", Terms.Funder.class, Terms.Funder.OPERATOR,
                path + ".freeRoundFunder");
        Terms.JackpotTreatment jackpot = enumValue(g, "jackpotTreatment", Terms.JackpotTreatment.class,
                Terms.JackpotTreatment.CONTRIBUTIONS_DEDUCTED, path + ".jackpotTreatment");
        return new GameTerms(base, rate, mode, tiers, mg, funder, jackpot);
    }

    /** The canonical form: every term spelled out (defaults applied), decimals as plain strings. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settlementCurrency", settlementCurrency);
        m.put("timeZone", timeZone);
        m.put("cutoffHour", cutoffHour);
        m.put("graceMinutes", graceMinutes);
        m.put("period", period.name());
        m.put("rateDate", rateDate.name());
        m.put("fxFallbackDays", fxFallbackDays);
        m.put("roundingMode", roundingMode.name());
        m.put("negativeBase", negativeBase.name());
        m.put("aggregatorFeeRate", aggregatorFeeRate.toPlainString());
        List<Object> ds = new ArrayList<>();
        for (Deduction d : deductions) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("type", d.type().name());
            dm.put("name", d.name());
            dm.put("rate", d.rate() == null ? null : d.rate().toPlainString());
            ds.add(dm);
        }
        m.put("deductions", ds);
        Map<String, Object> gs = new LinkedHashMap<>();
        games.forEach((k, v) -> gs.put(k.name(), gameMap(v)));
        m.put("games", gs);
        m.put("defaultGame", defaultGame == null ? null : gameMap(defaultGame));
        return m;
    }

    static Map<String, Object> gameMap(GameTerms g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", g.base().name());
        m.put("rate", g.rate() == null ? null : g.rate().toPlainString());
        m.put("tierMode", g.tierMode().name());
        if (!g.tiers().isEmpty()) {
            List<Object> ts = new ArrayList<>();
            for (Tier t : g.tiers()) {
                ts.add(Map.of("from", t.from().toPlainString(), "rate", t.rate().toPlainString()));
            }
            m.put("tiers", ts);
        }
        m.put("minimumGuarantee", g.minimumGuarantee() == null ? null : g.minimumGuarantee().toPlainString());
        m.put("freeRoundFunder", g.freeRoundFunder().name());
        m.put("jackpotTreatment", g.jackpotTreatment().name());
        return m;
    }

    // ---------------------------------------------------------------- helpers

    private static void unknown(Map<String, ?> m, Set<String> allowed, String prefix) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new ContractViolation(prefix + k, "unknown field");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object o, String path) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new ContractViolation(path, "must be an object");
        }
        return (Map<String, ?>) m;
    }

    private static String string(Map<String, ?> m, String field, String fallback) {
        Object v = m.get(field);
        if (v == null) {
            if (fallback == null && !"name".equals(field)) {
                throw new ContractViolation(field, "is required");
            }
            return fallback;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ContractViolation(field, "must be a non-empty string");
        }
        return s;
    }

    private static int integer(Map<String, ?> m, String field, int fallback, int min, int max) {
        Object v = m.get(field);
        if (v == null) {
            return fallback;
        }
        int value;
        try {
            value = new BigDecimal(String.valueOf(v)).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ContractViolation(field, "must be a whole number");
        }
        if (value < min || value > max) {
            throw new ContractViolation(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(Map<String, ?> m, String field, Class<E> type, E fallback) {
        return enumValue(m, field, type, fallback, field);
    }

    private static <E extends Enum<E>> E enumValue(Map<String, ?> m, String field, Class<E> type, E fallback,
                                                   String path) {
        Object v = m.get(field);
        if (v == null) {
            if (fallback == null) {
                throw new ContractViolation(path, "is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(path, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static BigDecimal decimal(Map<String, ?> m, String field, BigDecimal fallback) {
        return decimal(m, field, fallback, field);
    }

    /** Most fraction digits, and most integer digits, of any decimal in a contract. */
    static final int DECIMAL_DIGITS_MAX = 18;

    /**
     * Decimals are read from their text (write them quoted in YAML/JSON); never through binary floating
     * point arithmetic. Bounded by scale and precision (never by printing the number: "1e-999999999"
     * would print a billion digits, and a fee computed with it would never finish).
     */
    private static BigDecimal decimal(Map<String, ?> m, String field, BigDecimal fallback, String path) {
        Object v = m.get(field);
        if (v == null) {
            return fallback;
        }
        BigDecimal d;
        try {
            d = v instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new ContractViolation(path, "must be a decimal number");
        }
        if (d.scale() > DECIMAL_DIGITS_MAX || (long) d.precision() - d.scale() > DECIMAL_DIGITS_MAX) {
            throw new ContractViolation(path, "must have at most " + DECIMAL_DIGITS_MAX + " integer and "
                    + DECIMAL_DIGITS_MAX + " fraction digits");
        }
        return d;
    }

    private static void rate(String path, BigDecimal r) {
        if (r.signum() < 0 || r.compareTo(BigDecimal.ONE) > 0) {
            throw new ContractViolation(path, "must be a fraction between 0 and 1 (10 % is 0.10)");
        }
    }
}
