package io.clearhouse.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount: integer minor units of an ISO 4217 currency. On the wire amounts are decimal
 * strings ("12.50"); in storage and on Kafka they are {@code long} minor units plus the currency.
 * Nothing here ever touches floating point.
 */
public record Money(long minor, String currency) {

    /** Plain decimal: optional sign, digits, optional fraction. No exponent, no grouping. */
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");
    /** Long enough for any long of minor units with sign and point; bounds the parse work. */
    private static final int MAX_TEXT_LENGTH = 24;

    public Money {
        Objects.requireNonNull(currency, "currency");
        Currencies.exponentOf(currency);
    }

    public static Money ofMinor(long minor, String currency) {
        return new Money(minor, currency);
    }

    /**
     * Parses a decimal string in the given currency.
     *
     * @throws MoneyFormatException naming why the text is not an amount of that currency
     */
    public static Money parse(String text, String currency) {
        int exponent = Currencies.exponent(currency)
                .orElseThrow(() -> new MoneyFormatException("unknown currency '" + currency + "'"));
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new MoneyFormatException("not a plain decimal number");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.scale() > exponent) {
            throw new MoneyFormatException(currency + " allows at most " + exponent + " fraction digits");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MoneyFormatException("amount too large");
        }
        try {
            return new Money(value.movePointRight(exponent).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new MoneyFormatException("amount too large");
        }
    }

    /** Converts an exact decimal, rounding once with the given mode. */
    public static Money of(BigDecimal amount, String currency, RoundingMode rounding) {
        int exponent = Currencies.exponentOf(currency);
        return new Money(amount.setScale(exponent, rounding).movePointRight(exponent).longValueExact(), currency);
    }

    public int exponent() {
        return Currencies.exponentOf(currency);
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(minor, exponent());
    }

    /** The wire form, always with exactly the currency's number of fraction digits. */
    public String toDecimalString() {
        return toBigDecimal().toPlainString();
    }

    public boolean isNegative() {
        return minor < 0;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minor, other.minor), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(minor), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }
}
