package io.clearhouse.reconciliation.statement;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one provider's statements look and how its breaks are judged.
 *
 * @param delimiter          CSV field separator
 * @param decimalSeparator   '.' or ','
 * @param dateFormat         java.time pattern of occurredAt; null = ISO 8601 (with or without offset)
 * @param timeZone           zone of local date-times and of the business date
 * @param cutoffHour         the business day starts at this hour in {@code timeZone}
 * @param columnAliases      field key ({@link StatementField#key()}) to extra header names
 * @param toleranceMinor     amount differences up to this many minor units count as equal
 * @param alertMaxOpenCount  unresolved breaks above which an alert fires; null = service default
 * @param alertMaxOpenAmountMinor unresolved break amount (per currency) above which an alert fires
 */
public record ProviderSettings(
        String providerId,
        char delimiter,
        char decimalSeparator,
        String dateFormat,
        String timeZone,
        int cutoffHour,
        Map<String, List<String>> columnAliases,
        long toleranceMinor,
        Long alertMaxOpenCount,
        Long alertMaxOpenAmountMinor) {

    public ProviderSettings {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter must not be a quote or a line break");
        }
        if (decimalSeparator != '.' && decimalSeparator != ',') {
            throw new IllegalArgumentException("decimalSeparator must be '.' or ','");
        }
        if (decimalSeparator == delimiter) {
            throw new IllegalArgumentException("decimalSeparator must differ from delimiter");
        }
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("timeZone '" + timeZone + "' is not a time zone");
        }
        if (dateFormat != null) {
            try {
                DateTimeFormatter.ofPattern(dateFormat);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dateFormat '" + dateFormat + "' is not a date-time pattern");
            }
        }
        if (cutoffHour < 0 || cutoffHour > 23) {
            throw new IllegalArgumentException("cutoffHour must be between 0 and 23");
        }
        if (toleranceMinor < 0) {
            throw new IllegalArgumentException("toleranceMinor must not be negative");
        }
        columnAliases = columnAliases == null ? Map.of() : new TreeMap<>(columnAliases);
        columnAliases.keySet().forEach(StatementField::byKey);
    }

    public static ProviderSettings defaults(String providerId) {
        return new ProviderSettings(providerId, ',', '.', null, "UTC", 0, Map.of(), 0, null, null);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
