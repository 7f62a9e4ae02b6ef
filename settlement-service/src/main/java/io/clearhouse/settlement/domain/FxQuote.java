package io.clearhouse.settlement.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Units of the target currency for one unit of the source currency, with where and when it came from. */
public record FxQuote(String from, String to, BigDecimal rate, String source, LocalDate date) {

    public static FxQuote identity(String currency, LocalDate date) {
        return new FxQuote(currency, currency, BigDecimal.ONE, "IDENTITY", date);
    }
}
