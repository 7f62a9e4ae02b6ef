package io.clearhouse.settlement.web;

import io.clearhouse.support.problem.Problems;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Strict readers for loosely typed request bodies (maps from JSON or YAML), naming the field at fault. */
public final class Requests {

    private Requests() {
    }

    public static String text(Map<String, ?> body, String field, boolean required) {
        Object v = body == null ? null : body.get(field);
        if (v == null) {
            if (required) {
                throw new Problems.Invalid(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Problems.Invalid(field, "must be a non-empty string");
        }
        if (s.length() > 500) {
            throw new Problems.Invalid(field, "is longer than 500 characters");
        }
        return s.trim();
    }

    public static LocalDate date(Map<String, ?> body, String field, boolean required) {
        LocalDate date = unbounded(body, field, required);
        if (date != null && !inRange(date)) {
            // PostgreSQL's date range is narrower than Java's: a year 0 or +999999999 would fail in the database
            throw new Problems.Invalid(field, DATE_RANGE);
        }
        return date;
    }

    /** Every date a caller sends lies in this range (business dates, effective dates, rate dates). */
    public static final LocalDate DATE_MIN = LocalDate.of(1970, 1, 1);
    public static final LocalDate DATE_MAX = LocalDate.of(2100, 12, 31);
    public static final String DATE_RANGE = "must be between " + DATE_MIN + " and " + DATE_MAX;

    public static boolean inRange(LocalDate date) {
        return !date.isBefore(DATE_MIN) && !date.isAfter(DATE_MAX);
    }

    private static LocalDate unbounded(Map<String, ?> body, String field, boolean required) {
        Object v = body == null ? null : body.get(field);
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.util.Date d) {
            // SnakeYAML reads an unquoted 2026-11-24 as a timestamp at UTC midnight
            return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        String s = text(body, field, required);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new Problems.Invalid(field, "must be an ISO date (yyyy-MM-dd)");
        }
    }
}
