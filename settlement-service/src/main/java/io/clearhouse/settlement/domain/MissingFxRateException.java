package io.clearhouse.settlement.domain;

import java.time.LocalDate;

/** No usable rate for a pair on a date within the contract's fallback window: the close fails. */
public final class MissingFxRateException extends RuntimeException {

    public MissingFxRateException(String from, String to, LocalDate date, int fallbackDays) {
        super("no FX rate " + from + "/" + to + " for " + date + " (nor in the " + fallbackDays
                + " business days before it): load the rate and close again");
    }
}
