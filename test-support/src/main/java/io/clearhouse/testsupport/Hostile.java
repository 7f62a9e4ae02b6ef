package io.clearhouse.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generators of hostile input for the property tests of the upload and write endpoints (issue 11,
 * "generated hostile input"): values an attacker or a broken client sends — numbers too large or with
 * absurd exponents, dates before year 1 or after 9999, control characters, invalid UTF-8, huge
 * strings, deep nesting, duplicate keys. Each draws only from the {@link Random} it is given, so that a
 * property's seed replays it exactly ({@code -Dclearhouse.property.seed}).
 */
public final class Hostile {

    /** Decimal texts no amount field may take: too big, too precise, not decimal, not finite. */
    public static final List<String> BAD_DECIMALS = List.of("1e999999999", "-1e-999999999", "1E+2147483648",
            "9".repeat(400), "1." + "0".repeat(300) + "1", "NaN", "Infinity", "-Infinity", "0x1F", "1.2.3", "1,50",
            "\u0661\u0662", " 1.00", "1.00 ", "", "-", ".", "1e", "+-1", "9223372036854775808",
            "-9223372036854775809", "1.7976931348623157e309", "12.345", "1_000");

    /** Texts no date or instant field may take. */
    public static final List<String> BAD_INSTANTS = List.of("0000-06-15T00:00:00Z", "-999999999-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999-18:00", "2026-02-30T00:00:00Z",
            "2026-12-01T25:00:00Z", "2026-12-01T00:00:00+99:00", "yesterday", "", "2026-12-01T00:00:00",
            "1-01-01T00:00:00Z", "\u0000", "2026-12-01T00:00:00Z\u0000x");

    /** Texts no plain date (yyyy-MM-dd) field may take. */
    public static final List<String> BAD_DATES = List.of("0000-01-01", "-0001-01-01", "+999999999-12-31", "99999-01-01",
            "2026-02-30", "2026-13-01", "2026-1-1", "20261201", "", "today", "2026-12-01T00:00:00Z",
            "2026-12-01\u0000x");

    private static final List<String> NASTY_STRINGS = List.of("", "\u0000", "\u0000\u0001\u001f\u007f",
            "a\r\nX-Injected: 1", "\u202eRTL", "\ud800", "\udfff\ud800", "\ufeffbom", "' OR 1=1 --", "<script>x</script>",
            "../../etc/passwd", "%00%ff", "${jndi:ldap://x}", "\\u0000", "\"", "\\", "null", "\uFFFF", "\u00e9\u0301");

    private Hostile() {
    }

    public static <T> T oneOf(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** A string an attacker sends: empty, control characters, lone surrogates, injections, or huge. */
    public static String string(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> oneOf(r, NASTY_STRINGS);
            case 1 -> "x".repeat(4_097 + r.nextInt(60_000));
            case 2 -> controlChars(r, 1 + r.nextInt(40));
            case 3 -> oneOf(r, NASTY_STRINGS) + "y".repeat(r.nextInt(300));
            default -> unicodeNoise(r, 1 + r.nextInt(200));
        };
    }

    private static String controlChars(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) r.nextInt(0x20));
        }
        return b.toString();
    }

    private static String unicodeNoise(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) r.nextInt(0x10000));
        }
        return b.toString();
    }

    /** A JSON value of the wrong type for a string field (or a hostile string). */
    public static String jsonValue(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "[]";
            case 3 -> "{}";
            case 4 -> oneOf(r, List.of("1e999999999", "-0", "123", "9".repeat(500), "1.5e-400"));
            case 5 -> nested(r, 1 + r.nextInt(2_000));
            case 6 -> "[" + quote("a") + "," + "1" + "]";
            default -> quote(string(r));
        };
    }

    /** Arrays nested {@code depth} deep. */
    public static String nested(Random r, int depth) {
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /** A JSON string literal of {@code s}, escaped so that the JSON stays well formed. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Bytes that are not UTF-8 (an overlong form, a lone continuation byte, an invalid lead byte, a cut sequence). */
    public static byte[] invalidUtf8(Random r) {
        return oneOf(r, List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80}));
    }

    /**
     * The body mangled at the byte level (or left alone): invalid UTF-8 spliced in, cut short, trailing
     * garbage, a NUL, a BOM in front.
     */
    public static byte[] mangle(Random r, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
        int at = body.length == 0 ? 0 : r.nextInt(body.length);
        switch (r.nextInt(6)) {
            case 0 -> {
                out.write(body, 0, at);
                out.writeBytes(invalidUtf8(r));
                out.write(body, at, body.length - at);
            }
            case 1 -> out.write(body, 0, at);
            case 2 -> {
                out.writeBytes(body);
                out.writeBytes("}]garbage".getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> {
                out.write(body, 0, at);
                out.write(0);
                out.write(body, at, body.length - at);
            }
            case 4 -> {
                out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                out.writeBytes(body);
                out.writeBytes(invalidUtf8(r));
            }
            default -> out.writeBytes(body);
        }
        return out.toByteArray();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A body as a failure message shows it: its text, cut after 600 characters (the seed replays it whole). */
    public static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 600 ? text.substring(0, 600) + "… (" + body.length + " bytes)" : text;
    }

    /**
     * Runs {@code property} with the seed fixed (the given one, or a new one when it is unset, blank or
     * {@code random}, as in {@code PropertyCheck}) and printed, for the replay.
     */
    public static void withSeed(String what, Runnable property) {
        String key = "clearhouse.property.seed";
        String given = System.getProperty(key);
        long seed = given == null || given.isBlank() || given.trim().equalsIgnoreCase("random")
                ? new java.security.SecureRandom().nextLong() : Long.parseLong(given.trim());
        System.out.println(what + ": seed " + seed + " (replay with -D" + key + "=" + seed + ")");
        System.setProperty(key, Long.toString(seed));
        try {
            property.run();
        } finally {
            if (given == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, given);
            }
        }
    }
}
