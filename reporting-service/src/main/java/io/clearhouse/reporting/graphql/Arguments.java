package io.clearhouse.reporting.graphql;

import io.clearhouse.support.problem.Problems;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The bounds of every argument a caller can send (the same as REST's where REST has one). */
final class Arguments {

    /** Largest page: a page is read and serialized whole. */
    static final int FIRST_MAX = 200;
    static final int PROVIDER_ID_MAX = 128;
    /** Longest date range of one query (the date indexes keep it cheap; a year covers any period). */
    static final long RANGE_DAYS_MAX = 366;
    /** No read model holds anything before this. */
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    private Arguments() {
    }

    static int first(Integer first) {
        if (first == null) {
            return 50;
        }
        if (first < 1 || first > FIRST_MAX) {
            throw new Problems.Invalid("first", "must be between 1 and " + FIRST_MAX);
        }
        return first;
    }

    static String providerId(String providerId) {
        if (providerId == null) {
            return null;
        }
        if (providerId.isBlank() || providerId.length() > PROVIDER_ID_MAX) {
            throw new Problems.Invalid("providerId", "must be 1.." + PROVIDER_ID_MAX + " characters");
        }
        return providerId;
    }

    /** An inclusive date range: both ends in 2000-01-01…tomorrow, {@code to} not before {@code from}. */
    record Range(LocalDate from, LocalDate to) {
    }

    static Range range(String from, String to, Clock clock) {
        LocalDate f = date("from", from, clock);
        LocalDate t = date("to", to, clock);
        if (t.isBefore(f)) {
            throw new Problems.Invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(f, t) >= RANGE_DAYS_MAX) {
            throw new Problems.Invalid("to", "a range spans at most " + RANGE_DAYS_MAX + " days");
        }
        return new Range(f, t);
    }

    /** One business date (a query over ingest's ledger reads one day at a time), in 2000-01-01…tomorrow. */
    static LocalDate day(String date, Clock clock) {
        return date("date", date, clock);
    }

    private static LocalDate date(String name, String value, Clock clock) {
        LocalDate d;
        try {
            d = LocalDate.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new Problems.Invalid(name, "must be a date (yyyy-MM-dd)");
        }
        if (d.isBefore(EARLIEST) || d.isAfter(LocalDate.now(clock).plusDays(1))) {
            throw new Problems.Invalid(name, "must be between " + EARLIEST + " and tomorrow");
        }
        return d;
    }
}
