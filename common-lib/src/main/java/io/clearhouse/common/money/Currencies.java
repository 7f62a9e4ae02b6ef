package io.clearhouse.common.money;

import java.util.Map;
import java.util.Optional;

/**
 * ISO 4217 minor-unit exponents for the currencies Clearhouse settles in. A currency missing here
 * is refused rather than guessed: a wrong exponent silently scales money by powers of ten.
 */
public final class Currencies {

    private static final Map<String, Integer> EXPONENTS = Map.ofEntries(
            // zero-decimal currencies
            Map.entry("JPY", 0), Map.entry("KRW", 0), Map.entry("CLP", 0), Map.entry("ISK", 0),
            Map.entry("VND", 0), Map.entry("XAF", 0), Map.entry("XOF", 0), Map.entry("UGX", 0),
            Map.entry("PYG", 0), Map.entry("RWF", 0), Map.entry("KMF", 0), Map.entry("GNF", 0),
            Map.entry("VUV", 0), Map.entry("DJF", 0), Map.entry("BIF", 0), Map.entry("XPF", 0),
            // three-decimal currencies
            Map.entry("BHD", 3), Map.entry("KWD", 3), Map.entry("JOD", 3), Map.entry("OMR", 3),
            Map.entry("TND", 3), Map.entry("IQD", 3), Map.entry("LYD", 3),
            // two-decimal currencies
            Map.entry("USD", 2), Map.entry("EUR", 2), Map.entry("GBP", 2), Map.entry("CHF", 2),
            Map.entry("CAD", 2), Map.entry("AUD", 2), Map.entry("NZD", 2), Map.entry("SEK", 2),
            Map.entry("NOK", 2), Map.entry("DKK", 2), Map.entry("PLN", 2), Map.entry("CZK", 2),
            Map.entry("HUF", 2), Map.entry("RON", 2), Map.entry("BGN", 2), Map.entry("TRY", 2),
            Map.entry("BRL", 2), Map.entry("MXN", 2), Map.entry("ARS", 2), Map.entry("COP", 2),
            Map.entry("PEN", 2), Map.entry("INR", 2), Map.entry("CNY", 2), Map.entry("HKD", 2),
            Map.entry("SGD", 2), Map.entry("TWD", 2), Map.entry("THB", 2), Map.entry("MYR", 2),
            Map.entry("PHP", 2), Map.entry("IDR", 2), Map.entry("ZAR", 2), Map.entry("NGN", 2),
            Map.entry("KES", 2), Map.entry("GHS", 2), Map.entry("EGP", 2), Map.entry("MAD", 2),
            Map.entry("AED", 2), Map.entry("SAR", 2), Map.entry("QAR", 2), Map.entry("ILS", 2),
            Map.entry("UAH", 2), Map.entry("GEL", 2), Map.entry("KZT", 2), Map.entry("RSD", 2)
    );

    private Currencies() {
    }

    /** The number of fraction digits of the currency's minor unit, if the code is known. */
    public static Optional<Integer> exponent(String code) {
        if (code == null || code.length() != 3) {
            return Optional.empty();
        }
        return Optional.ofNullable(EXPONENTS.get(code));
    }

    public static boolean isKnown(String code) {
        return exponent(code).isPresent();
    }

    public static int exponentOf(String code) {
        return exponent(code).orElseThrow(() -> new IllegalArgumentException("unknown currency: " + code));
    }
}
