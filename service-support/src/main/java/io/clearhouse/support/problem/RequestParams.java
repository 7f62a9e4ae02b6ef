package io.clearhouse.support.problem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reading query and body parameters the one way every service does: bounded text, codes, RFC 3339 instants
 * and enum names (case-insensitive), each refusal a {@link Problems.Invalid} naming the field.
 */
public final class RequestParams {

    /** A time window {@code [from, to)}; either end null when not given. */
    public record Window(Instant from, Instant to) {
    }

    private RequestParams() {
    }

    /**
     * The window of the parameters {@code from} and {@code to} (RFC 3339, each optional); 400 naming {@code to}
     * when both are given and {@code to} is not after {@code from}.
     */
    public static Window window(String from, String to) {
        Instant fromAt = instant("from", from);
        Instant toAt = instant("to", to);
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            throw new Problems.Invalid("to", "must be after from");
        }
        return new Window(fromAt, toAt);
    }

    /** {@code value} when at most {@code max} characters (or null); otherwise 400 naming {@code field}. */
    public static String bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new Problems.Invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    /** A code as stored (a currency, a class or status name): trimmed and upper case, or null when blank. */
    public static String code(String value) {
        return value == null || value.isBlank() ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    /** An RFC 3339 time with offset, or null when blank. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new Problems.Invalid(field, "must be an RFC 3339 time with offset, e.g. 2026-12-01T00:00:00Z");
        }
    }

    /** The constant named (any case), or null when blank; otherwise 400 listing the allowed names. */
    public static <E extends Enum<E>> E enumOf(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Problems.Invalid(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
