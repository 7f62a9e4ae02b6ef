package io.clearhouse.reporting.report;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.reporting.breaks.BreakQueries.BreakSummary;
import io.clearhouse.reporting.statement.StatementQueries.CurrentStatement;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything one report shows, built from the read models only (so the same inputs give the same
 * report): for each provider its current statement and its total converted into the reporting
 * currency, and the day's reconciliation summary. {@code providerId} is null for the consolidated
 * report. {@code asOf} is the latest preparation or approval time of the statements in it: the one
 * timestamp the files carry, derived from the inputs, never from the clock.
 */
public record DailyReport(LocalDate date, String providerId, ReportStatus status, String operatorName,
                          String reportingCurrency, Instant asOf, List<Section> sections, List<BreakSummary> breaks) {

    /** One provider's statement and its conversion into the reporting currency. */
    public record Section(CurrentStatement statement, Conversion toReporting) {
    }

    /**
     * The rate used to convert a settlement currency into the reporting currency, or a missing one
     * ({@code rate} null): then the report says so and converts nothing.
     */
    public record Conversion(String from, String to, BigDecimal rate, String source, LocalDate rateDate,
                             Long convertedMinor) {

        public boolean missing() {
            return rate == null;
        }
    }

    public boolean consolidated() {
        return providerId == null;
    }

    /** The sum of the converted totals, in minor units of the reporting currency (providers with a rate only). */
    public long convertedTotalMinor() {
        long sum = 0;
        for (Section s : sections) {
            if (s.toReporting().convertedMinor() != null) {
                sum = Math.addExact(sum, s.toReporting().convertedMinor());
            }
        }
        return sum;
    }

    /** The conversions without a rate, e.g. "USD->EUR", sorted; empty when every total converted. */
    public List<String> missingRates() {
        return sections.stream().map(Section::toReporting).filter(Conversion::missing)
                .map(c -> c.from() + "->" + c.to()).distinct().sorted().collect(Collectors.toList());
    }

    public int reportingExponent() {
        return Currencies.exponentOf(reportingCurrency);
    }

    /** The file name a download carries. */
    public String fileName(ReportFormat format) {
        return "daily-settlement-" + date + "-" + (providerId == null ? "consolidated" : SpreadsheetText.fileSafe(providerId))
                + "-" + status.name().toLowerCase(java.util.Locale.ROOT) + "." + format.extension();
    }
}
