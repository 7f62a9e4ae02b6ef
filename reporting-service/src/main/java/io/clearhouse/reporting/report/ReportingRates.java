package io.clearhouse.reporting.report;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.reporting.report.DailyReport.Conversion;
import io.clearhouse.reporting.statement.StatementDocument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rates from a settlement currency into the reporting currency, taken only from the FX the day's
 * statement documents used (settlement stores each line's rate, source and date): reporting never
 * invents a rate. In order: the same currency (rate 1); a line that converted the settlement currency
 * into the reporting currency (the latest rate date, then source, then rate, so the choice is
 * deterministic); the inverse of a line that converted the reporting currency into the settlement
 * currency, rounded to {@link #INVERSE_SCALE} places half-even and labelled as an inverse; else the
 * rate is missing and the report says so.
 */
final class ReportingRates {

    /** Decimal places of an inverted rate (ECB publishes at most 4 to 6 significant digits). */
    static final int INVERSE_SCALE = 10;

    private static final Comparator<StatementDocument.Fx> PREFERENCE = Comparator
            .comparing(StatementDocument.Fx::rateDate)
            .thenComparing(StatementDocument.Fx::source)
            .thenComparing(fx -> fx.rate().toPlainString());

    private final List<StatementDocument.Fx> used;

    ReportingRates(List<StatementDocument> documents) {
        this.used = documents.stream().flatMap(d -> d.lines().stream()).map(StatementDocument.Line::fx).toList();
    }

    /** Converts {@code minor} of {@code from} once, rounding half-even to the reporting currency's minor unit. */
    Conversion convert(long minor, String from, String to, LocalDate date) {
        if (from.equals(to)) {
            return new Conversion(from, to, BigDecimal.ONE, "IDENTITY", date, minor);
        }
        Optional<StatementDocument.Fx> direct = used.stream()
                .filter(fx -> fx.from().equals(from) && fx.to().equals(to)).max(PREFERENCE);
        if (direct.isPresent()) {
            StatementDocument.Fx fx = direct.get();
            return new Conversion(from, to, fx.rate(), fx.source(), fx.rateDate(), apply(minor, from, to, fx.rate()));
        }
        Optional<StatementDocument.Fx> inverse = used.stream()
                .filter(fx -> fx.from().equals(to) && fx.to().equals(from) && fx.rate().signum() > 0).max(PREFERENCE);
        if (inverse.isPresent()) {
            StatementDocument.Fx fx = inverse.get();
            BigDecimal rate = BigDecimal.ONE.divide(fx.rate(), INVERSE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
            return new Conversion(from, to, rate, "inverse of " + fx.source(), fx.rateDate(),
                    apply(minor, from, to, rate));
        }
        return new Conversion(from, to, null, null, null, null);
    }

    private static long apply(long minor, String from, String to, BigDecimal rate) {
        BigDecimal amount = BigDecimal.valueOf(minor, Currencies.exponentOf(from)).multiply(rate);
        int exp = Currencies.exponentOf(to);
        return amount.setScale(exp, RoundingMode.HALF_EVEN).movePointRight(exp).longValueExact();
    }
}
