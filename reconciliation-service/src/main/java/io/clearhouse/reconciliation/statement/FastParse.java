package io.clearhouse.reconciliation.statement;

/**
 * An allocation-free fast path for the amount every statement line has (its timestamp goes through
 * common-lib's {@link io.clearhouse.common.time.Rfc3339}). It returns {@link #NOT_FAST} when the text is
 * not in the common shape, and the caller falls back to the full (slower, better-worded) parser, so the
 * accepted language and the error messages are exactly those of the full parser.
 */
final class FastParse {

    static final long NOT_FAST = Long.MIN_VALUE;
    private static final long MAX_SAFE = (Long.MAX_VALUE - 9) / 10;

    private FastParse() {
    }

    /**
     * A plain decimal ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}) with at most {@code exponent} fraction
     * digits, in minor units; {@link #NOT_FAST} for anything else (including overflow).
     */
    static long decimalMinor(String s, int exponent) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && s.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        int intStart = i;
        long value = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (value > MAX_SAFE) {
                return NOT_FAST;
            }
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        int intLen = i - intStart;
        if (intLen == 0 || (intLen > 1 && s.charAt(intStart) == '0')) {
            return NOT_FAST;
        }
        int fraction = 0;
        if (i < n) {
            if (s.charAt(i) != '.') {
                return NOT_FAST;
            }
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (value > MAX_SAFE) {
                    return NOT_FAST;
                }
                value = value * 10 + (s.charAt(i) - '0');
                fraction++;
                i++;
            }
            if (fraction == 0 || i != n || fraction > exponent) {
                return NOT_FAST;
            }
        }
        for (int k = fraction; k < exponent; k++) {
            if (value > MAX_SAFE) {
                return NOT_FAST;
            }
            value *= 10;
        }
        return negative ? -value : value;
    }
}
