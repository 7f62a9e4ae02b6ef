package io.clearhouse.reporting.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Text and number forms shared by the formats. Any text that comes from outside (provider ids,
 * actors, sources, notes) and starts with {@code = + - @}, a tab or a carriage return is prefixed
 * with an apostrophe, so that no spreadsheet treats it as a formula (OWASP "CSV injection").
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    public static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        char c = text.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            return "'" + text;
        }
        return text;
    }

    /** Minor units as a plain decimal string with exactly the currency's exponent. */
    public static String decimal(long minor, int exponent) {
        return BigDecimal.valueOf(minor, exponent).toPlainString();
    }

    /**
     * An exact figure of the statement shown at the currency's exponent, rounded with the contract's
     * rounding mode (the statement rounds only fees; NGR and converted bases are shown, not settled).
     */
    public static BigDecimal atExponent(BigDecimal exact, int exponent, String roundingMode) {
        RoundingMode mode;
        try {
            mode = RoundingMode.valueOf(roundingMode);
        } catch (RuntimeException e) {
            mode = RoundingMode.HALF_EVEN;
        }
        return exact.setScale(exponent, mode);
    }

    /** A name usable in a file name and an HTTP header: letters, digits, dot, dash, underscore. */
    public static String fileSafe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
