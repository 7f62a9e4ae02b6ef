package io.clearhouse.reconciliation.statement;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Allocation-free fast paths for the two values every statement line has: an RFC 3339 timestamp
 * and a plain decimal amount. Each returns a "no" value when the text is not in the common shape,
 * and the caller falls back to the full (slower, better-worded) parser, so the accepted language and
 * the error messages are exactly those of the full parsers.
 */
final class FastParse {

    static final long NOT_FAST = Long.MIN_VALUE;
    private static final long MAX_SAFE = (Long.MAX_VALUE - 9) / 10;

    private FastParse() {
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null. */
    static Instant rfc3339(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int i = 19;
        long nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 9) {
                return null;
            }
            nanos = digits(s, start, len);
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
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

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int k = from; k < from + len; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
