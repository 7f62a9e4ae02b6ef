package io.clearhouse.settlement.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Rates in memory for one close: a direct quote wins, then the inverse of the opposite quote, then
 * a cross through EUR (the ECB publishes everything against EUR). For each candidate the latest
 * date on or before the requested date, at most {@code fallbackDays} business days earlier (Saturdays
 * and Sundays are not counted: reference rates are not published on them), is used. Derived rates
 * are computed to 20 significant digits, half-even, so they are the same on every run.
 */
public final class FxRateBook implements FxRates {

    /** Precision of inverse and cross rates. */
    public static final MathContext DERIVED = new MathContext(20, RoundingMode.HALF_EVEN);
    static final String PIVOT = "EUR";

    /** One stored rate: units of {@code quote} per one {@code base}. */
    public record Rate(String base, String quote, LocalDate date, BigDecimal rate, String source) {
    }

    /** Most fraction digits a rate may have (the column is NUMERIC(38, 18)). */
    public static final int RATE_SCALE_MAX = 18;
    /** Most integer digits a rate may have: no currency is worth 10^12 units of another. */
    public static final int RATE_INTEGER_DIGITS_MAX = 12;

    /**
     * Why {@code rate} cannot be a rate, or null when it can: positive, at most {@link #RATE_SCALE_MAX}
     * fraction digits and {@link #RATE_INTEGER_DIGITS_MAX} integer digits. Checked on the number's
     * scale and precision, never by printing it (a "1e999999999" would print a billion digits).
     */
    public static String rateProblem(BigDecimal rate) {
        if (rate.signum() <= 0) {
            return "must be a positive decimal";
        }
        if (rate.scale() > RATE_SCALE_MAX) {
            return "has more than " + RATE_SCALE_MAX + " fraction digits";
        }
        if ((long) rate.precision() - rate.scale() > RATE_INTEGER_DIGITS_MAX) {
            return "is larger than 10^" + RATE_INTEGER_DIGITS_MAX;
        }
        return null;
    }

    private final Map<String, NavigableMap<LocalDate, Rate>> byPair = new HashMap<>();

    public FxRateBook(List<Rate> rates) {
        for (Rate r : rates) {
            if (r.rate().signum() <= 0) {
                throw new IllegalArgumentException("FX rate must be positive: " + r);
            }
            byPair.computeIfAbsent(r.base() + "/" + r.quote(), k -> new TreeMap<>()).put(r.date(), r);
        }
    }

    @Override
    public FxQuote quote(String from, String to, LocalDate date, int fallbackDays) {
        if (from.equals(to)) {
            return FxQuote.identity(from, date);
        }
        LocalDate earliest = earliestFallback(date, fallbackDays);
        Rate direct = find(from, to, date, earliest);
        if (direct != null) {
            return new FxQuote(from, to, direct.rate(), direct.source(), direct.date());
        }
        Rate inverse = find(to, from, date, earliest);
        if (inverse != null) {
            return new FxQuote(from, to, BigDecimal.ONE.divide(inverse.rate(), DERIVED),
                    inverse.source() + " (inverse)", inverse.date());
        }
        if (!from.equals(PIVOT) && !to.equals(PIVOT)) {
            FxQuote pivotFrom = quoteOrNull(PIVOT, from, date, earliest);
            FxQuote pivotTo = quoteOrNull(PIVOT, to, date, earliest);
            if (pivotFrom != null && pivotTo != null) {
                LocalDate used = pivotFrom.date().isBefore(pivotTo.date()) ? pivotFrom.date() : pivotTo.date();
                String source = pivotFrom.source().equals(pivotTo.source()) ? pivotFrom.source()
                        : pivotFrom.source() + "+" + pivotTo.source();
                return new FxQuote(from, to, pivotTo.rate().divide(pivotFrom.rate(), DERIVED),
                        source + " (cross via EUR)", used);
            }
        }
        throw new MissingFxRateException(from, to, date, fallbackDays);
    }

    /** The date {@code businessDays} business days (Monday to Friday) before {@code date}. */
    public static LocalDate earliestFallback(LocalDate date, int businessDays) {
        LocalDate d = date;
        for (int n = 0; n < businessDays; ) {
            d = d.minusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                n++;
            }
        }
        return d;
    }

    private FxQuote quoteOrNull(String from, String to, LocalDate date, LocalDate earliest) {
        Rate direct = find(from, to, date, earliest);
        if (direct != null) {
            return new FxQuote(from, to, direct.rate(), direct.source(), direct.date());
        }
        Rate inverse = find(to, from, date, earliest);
        if (inverse != null) {
            return new FxQuote(from, to, BigDecimal.ONE.divide(inverse.rate(), DERIVED), inverse.source(),
                    inverse.date());
        }
        return null;
    }

    private Rate find(String base, String quote, LocalDate date, LocalDate earliest) {
        NavigableMap<LocalDate, Rate> series = byPair.get(base + "/" + quote);
        if (series == null) {
            return null;
        }
        Map.Entry<LocalDate, Rate> e = series.floorEntry(date);
        return e == null || e.getKey().isBefore(earliest) ? null : e.getValue();
    }
}
