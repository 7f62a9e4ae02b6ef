package io.clearhouse.reconciliation.statement;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.money.Money;
import io.clearhouse.common.money.MoneyFormatException;
import io.clearhouse.common.time.Rfc3339;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the text values of one line (indexed by {@link StatementField#ordinal()}) into a
 * {@link StatementLine}, or into every error the line has. Strict: amounts with the currency's
 * exponent at most, known currencies and types, dates in the provider's format. The business date
 * is the line's own when given, else the date of occurredAt in the provider's zone after its cut-off.
 * Amounts are bounded by {@link TransactionRules#AMOUNT_MINOR_MAX} (no transaction is larger, and sums
 * of lines must not overflow); ids in reconciliation's reserved namespace ({@code recon-}) are refused,
 * since a provider's line with such an id would meet this service's own postings in matching.
 */
final class LineParser {

    private final ProviderSettings settings;
    private final ZoneId zone;
    private final DateTimeFormatter dateFormat;
    private final String[] columnNames;

    /** @param columnNames what to call each field in errors (the CSV header or the JSON key) */
    LineParser(ProviderSettings settings, String[] columnNames) {
        this.settings = settings;
        this.zone = settings.zone();
        this.dateFormat = settings.dateFormat() == null ? null
                : DateTimeFormatter.ofPattern(settings.dateFormat(), Locale.ROOT);
        this.columnNames = columnNames;
    }

    /** @param errors receives the line's errors; the result is null when there are any */
    StatementLine parse(long line, String[] values, List<LineError> errors) {
        int before = errors.size();
        String txId = id(line, values, StatementField.PROVIDER_TX_ID, true, errors);
        String type = type(line, values, errors);
        String currency = currency(line, values, errors);
        long amount = amount(line, values, currency, errors);
        Instant occurredAt = occurredAt(line, values, errors);
        LocalDate businessDate = businessDate(line, values, occurredAt, errors);
        String gameType = gameType(line, values, errors);
        String roundId = id(line, values, StatementField.ROUND_ID, false, errors);
        String playerRef = id(line, values, StatementField.PLAYER_REF, false, errors);
        String brandId = id(line, values, StatementField.BRAND_ID, false, errors);
        String gameId = id(line, values, StatementField.GAME_ID, false, errors);
        if (errors.size() > before) {
            return null;
        }
        return new StatementLine(line, txId, type, amount, currency, occurredAt, businessDate, roundId, playerRef,
                brandId, gameId, gameType);
    }

    private String id(long line, String[] values, StatementField f, boolean required, List<LineError> errors) {
        String v = value(values, f);
        if (v == null) {
            if (required) {
                errors.add(error(line, f, "is required"));
            }
            return null;
        }
        if (v.length() > TransactionRules.ID_MAX_LENGTH) {
            // no recorded transaction carries a longer id (the gateway refuses it), so the line could never match
            errors.add(error(line, f, "longer than " + TransactionRules.ID_MAX_LENGTH + " characters"));
            return null;
        }
        if (hasControlOrUnpairedSurrogate(v)) {
            // a NUL fails PostgreSQL's COPY for the whole file; no id of a real transaction holds one
            errors.add(error(line, f, "holds a control character or an unpaired surrogate"));
            return null;
        }
        if (f == StatementField.PROVIDER_TX_ID && v.startsWith(TransactionRules.RESERVED_ID_PREFIX)) {
            errors.add(error(line, f, "'" + abbreviate(v) + "': ids starting with '"
                    + TransactionRules.RESERVED_ID_PREFIX + "' are reserved for reconciliation's postings"));
            return null;
        }
        return v;
    }

    /**
     * Whether {@code v} holds a control character (below U+0020, or DEL) or a surrogate that is not
     * half of a pair: what {@code codePoints().anyMatch(...)} answered, in a plain loop, since it runs
     * for every id of every line (a stream per id cost more than the check).
     */
    static boolean hasControlOrUnpairedSurrogate(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++; // a pair: one supplementary code point, never a control character
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private String type(long line, String[] values, List<LineError> errors) {
        String v = value(values, StatementField.TYPE);
        if (v == null) {
            errors.add(error(line, StatementField.TYPE, "is required"));
            return null;
        }
        try {
            return TransactionType.valueOf(v.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            errors.add(error(line, StatementField.TYPE, "unknown transaction type '" + abbreviate(v) + "'"));
            return null;
        }
    }

    private String gameType(long line, String[] values, List<LineError> errors) {
        String v = value(values, StatementField.GAME_TYPE);
        if (v == null) {
            return null;
        }
        try {
            return GameType.valueOf(v.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            errors.add(error(line, StatementField.GAME_TYPE, "unknown game type '" + abbreviate(v) + "'"));
            return null;
        }
    }

    private String currency(long line, String[] values, List<LineError> errors) {
        String v = value(values, StatementField.CURRENCY);
        if (v == null) {
            errors.add(error(line, StatementField.CURRENCY, "is required"));
            return null;
        }
        String code = v.toUpperCase(Locale.ROOT);
        if (!Currencies.isKnown(code)) {
            errors.add(error(line, StatementField.CURRENCY, "unknown currency '" + abbreviate(v) + "'"));
            return null;
        }
        return code;
    }

    private long amount(long line, String[] values, String currency, List<LineError> errors) {
        String v = value(values, StatementField.AMOUNT);
        if (v == null) {
            errors.add(error(line, StatementField.AMOUNT, "is required"));
            return 0;
        }
        String text = v;
        if (settings.decimalSeparator() == ',') {
            if (text.indexOf('.') >= 0) {
                errors.add(error(line, StatementField.AMOUNT, "'" + abbreviate(v)
                        + "' is not a number (decimal separator is ',')"));
                return 0;
            }
            text = text.replace(',', '.');
        }
        if (currency == null) {
            return 0; // already reported; the amount cannot be judged without its currency
        }
        long minor = FastParse.decimalMinor(text, Currencies.exponentOf(currency));
        if (minor == FastParse.NOT_FAST) {
            try {
                minor = Money.parse(text, currency).minor();
            } catch (MoneyFormatException e) {
                errors.add(error(line, StatementField.AMOUNT, "'" + abbreviate(v) + "': " + e.getMessage()
                        + ("amount too large".equals(e.getMessage()) ? ": " + bound(currency) : "")));
                return 0;
            }
        }
        if (minor > TransactionRules.AMOUNT_MINOR_MAX || minor < -TransactionRules.AMOUNT_MINOR_MAX) {
            errors.add(error(line, StatementField.AMOUNT, "'" + abbreviate(v) + "': amount too large: "
                    + bound(currency)));
            return 0;
        }
        return minor;
    }

    private static String bound(String currency) {
        return "at most " + Money.ofMinor(TransactionRules.AMOUNT_MINOR_MAX, currency).toDecimalString() + " "
                + currency + " in absolute value";
    }

    /**
     * Every date of a line lies in this range: PostgreSQL's is narrower than Java's (a year 0 or
     * +999999999 would fail the whole COPY with a 500), and nothing outside it is a real transaction.
     */
    static final LocalDate DATE_MIN = LocalDate.of(1970, 1, 1);
    static final LocalDate DATE_MAX = LocalDate.of(2100, 12, 31);
    private static final Instant INSTANT_MIN = DATE_MIN.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    private static final Instant INSTANT_END = DATE_MAX.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();

    private Instant occurredAt(long line, String[] values, List<LineError> errors) {
        String v = value(values, StatementField.OCCURRED_AT);
        if (v == null) {
            return null;
        }
        try {
            Instant instant;
            Instant fast = dateFormat == null ? Rfc3339.tryParse(v) : null;
            if (fast != null) {
                instant = fast;
            } else if (dateFormat == null) {
                TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(v, OffsetDateTime::from,
                        LocalDateTime::from);
                instant = t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).atZone(zone).toInstant();
            } else {
                TemporalAccessor t = dateFormat.parseBest(v, ZonedDateTime::from, OffsetDateTime::from,
                        LocalDateTime::from);
                if (t instanceof ZonedDateTime z) {
                    instant = z.toInstant();
                } else if (t instanceof OffsetDateTime o) {
                    instant = o.toInstant();
                } else {
                    instant = ((LocalDateTime) t).atZone(zone).toInstant();
                }
            }
            if (instant.isBefore(INSTANT_MIN) || !instant.isBefore(INSTANT_END)) {
                errors.add(error(line, StatementField.OCCURRED_AT, "'" + abbreviate(v) + "' is not between "
                        + DATE_MIN + " and " + DATE_MAX));
                return null;
            }
            return instant.truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            errors.add(error(line, StatementField.OCCURRED_AT, "'" + abbreviate(v) + "' is not a date-time in "
                    + (settings.dateFormat() == null ? "ISO 8601" : "the format " + settings.dateFormat())));
            return null;
        }
    }

    private LocalDate businessDate(long line, String[] values, Instant occurredAt, List<LineError> errors) {
        String v = value(values, StatementField.BUSINESS_DATE);
        if (v != null) {
            // yyyy-MM-dd digit by digit; anything else (a signed year, a bad date) as java.time reads it
            LocalDate date = Rfc3339.tryParseDate(v);
            if (date == null) {
                try {
                    date = LocalDate.parse(v);
                } catch (DateTimeException e) {
                    errors.add(error(line, StatementField.BUSINESS_DATE, "'" + abbreviate(v)
                            + "' is not a date (yyyy-MM-dd)"));
                    return null;
                }
            }
            if (date.isBefore(DATE_MIN) || date.isAfter(DATE_MAX)) {
                errors.add(error(line, StatementField.BUSINESS_DATE, "'" + abbreviate(v) + "' is not between "
                        + DATE_MIN + " and " + DATE_MAX));
                return null;
            }
            return date;
        }
        if (occurredAt == null) {
            if (value(values, StatementField.OCCURRED_AT) == null) {
                errors.add(error(line, StatementField.OCCURRED_AT, "is required when there is no businessDate"));
            }
            return null;
        }
        return businessDateOf(occurredAt, zone, settings.cutoffHour());
    }

    /** The provider's business day of an instant: its date in the zone, the day starting at the cut-off hour. */
    static LocalDate businessDateOf(Instant at, ZoneId zone, int cutoffHour) {
        return at.atZone(zone).minusHours(cutoffHour).toLocalDate();
    }

    private static String value(String[] values, StatementField f) {
        String v = values[f.ordinal()];
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    private LineError error(long line, StatementField f, String reason) {
        String column = columnNames[f.ordinal()] == null ? f.key() : columnNames[f.ordinal()];
        return new LineError(line, column, reason);
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }

    /** Lists of errors grow only through this parser; a fresh one per call keeps callers simple. */
    static List<LineError> newErrorList() {
        return new ArrayList<>(4);
    }
}
