package io.clearhouse.settlement.domain;

import java.time.LocalDate;

/** Where the calculator gets rates; the service answers from the rates table, tests from a map. */
public interface FxRates {

    /**
     * The rate from {@code from} to {@code to} on {@code date}, or on the latest earlier date at most
     * {@code fallbackDays} before it.
     *
     * @throws MissingFxRateException when there is none
     */
    FxQuote quote(String from, String to, LocalDate date, int fallbackDays);
}
