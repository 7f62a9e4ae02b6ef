package io.clearhouse.common.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes timestamps and dates exactly as {@code java.time}'s {@code toString()} does ({@link #format},
 * {@link #formatDate}), and reads the RFC 3339 timestamps the system writes and providers send
 * ({@code 2026-11-25T10:15:30[.fraction](Z|+09:00)}) digit by digit, without {@code java.time}'s
 * general formatter, which took 8-13 % of the CPU of the gateway, ingest and settlement on batched
 * ingest (JFR, 2026-12-03); reconciliation reads its statement lines' timestamps with it too. Only
 * that one shape is read here, the one every caller's fallback (the gateway's and reconciliation's
 * formatters, Jackson's) reads the same way: {@link #tryParse} answers null for anything else, so the
 * caller falls back to what it used before and every other input is accepted or refused as it was.
 */
public final class Rfc3339 {

    private static final int MAX_FRACTION_DIGITS = 9;

    private Rfc3339() {
    }

    /**
     * The instant of {@code s} when it is {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9
     * digits and {@code Z} or {@code ±HH:mm}, with every field in range; null otherwise (including
     * forms the formatter may still accept, such as a lower-case {@code t} or {@code z}).
     */
    public static Instant tryParse(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < MAX_FRACTION_DIGITS) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > MAX_FRACTION_DIGITS) {
                return null;
            }
            for (int k = count; k < MAX_FRACTION_DIGITS; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59 || (oh == 18 && om > 0)
                    || (s.charAt(i) == '-' && oh == 0 && om == 0)) {   // -00:00: "offset unknown" in RFC 3339
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;   // 30 February and the like: the formatter names the fault
        }
        long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * The date of {@code s} when it is exactly {@code yyyy-MM-dd} and a real day; null otherwise, for the
     * caller's formatter to read or refuse.
     */
    public static LocalDate tryParseDate(CharSequence s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * Exactly {@link Instant#toString()} ({@code yyyy-MM-ddTHH:mm:ss[.fff|.ffffff|.fffffffff]Z}: the
     * fraction in groups of three digits, as many as it needs), written digit by digit for years 0 to
     * 9999 and by {@code java.time} for any other; formatting every timestamp of a batch with the
     * general formatter was 4-5 % of ingest's CPU on batched ingest (JFR, 2026-12-03).
     */
    public static String format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        long epochDay = Math.floorDiv(epochSecond, 86_400L);
        if (epochDay < EPOCH_DAY_YEAR_0 || epochDay > EPOCH_DAY_YEAR_9999_END) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        int nanos = instant.getNano();
        char[] out = new char[30];
        int n = date(LocalDate.ofEpochDay(epochDay), out);
        out[n++] = 'T';
        n = two(secondOfDay / 3600, out, n);
        out[n++] = ':';
        n = two(secondOfDay / 60 % 60, out, n);
        out[n++] = ':';
        n = two(secondOfDay % 60, out, n);
        if (nanos != 0) {
            out[n++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            for (int k = n + digits - 1; k >= n; k--) {
                out[k] = (char) ('0' + value % 10);
                value /= 10;
            }
            n += digits;
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    /** Exactly {@link LocalDate#toString()}: {@code yyyy-MM-dd} digit by digit for years 0 to 9999. */
    public static String formatDate(LocalDate date) {
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return date.toString();
        }
        char[] out = new char[10];
        return new String(out, 0, date(date, out));
    }

    private static final long EPOCH_DAY_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long EPOCH_DAY_YEAR_9999_END = LocalDate.of(9999, 12, 31).toEpochDay();

    /** {@code yyyy-MM-dd} of a year 0-9999 into {@code out} from 0; returns the length, 10. */
    private static int date(LocalDate d, char[] out) {
        int year = d.getYear();
        out[0] = (char) ('0' + year / 1000);
        out[1] = (char) ('0' + year / 100 % 10);
        out[2] = (char) ('0' + year / 10 % 10);
        out[3] = (char) ('0' + year % 10);
        out[4] = '-';
        two(d.getMonthValue(), out, 5);
        out[7] = '-';
        two(d.getDayOfMonth(), out, 8);
        return 10;
    }

    private static int two(int v, char[] out, int at) {
        out[at] = (char) ('0' + v / 10);
        out[at + 1] = (char) ('0' + v % 10);
        return at + 2;
    }

    /** The non-negative number in {@code s[from, from + count)}, or -1 when a character is not a digit. */
    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
