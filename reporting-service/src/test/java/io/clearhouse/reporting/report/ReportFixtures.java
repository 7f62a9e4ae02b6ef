package io.clearhouse.reporting.report;

import io.clearhouse.common.settlement.StatementPublished;
import io.clearhouse.reporting.StatementMother;
import io.clearhouse.reporting.breaks.BreakQueries.BreakSummary;
import io.clearhouse.reporting.statement.StatementDocument;
import io.clearhouse.reporting.statement.StatementQueries.CurrentStatement;
import io.clearhouse.reporting.statement.StatementStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Reports built in memory from {@link StatementMother} documents, for the formatter tests. */
final class ReportFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportFixtures() {
    }

    static CurrentStatement current(StatementMother m) {
        StatementPublished e = m.event();
        return new CurrentStatement(e.statementId(), e.providerId(), e.version(), StatementStatus.valueOf(e.status()),
                e.sha256(), e.preparedBy(), e.preparedAt(), e.approvedBy(), e.approvedAt(),
                StatementDocument.parse(JSON, e.document()));
    }

    /** A report of these statements (consolidated when {@code providerId} is null), converted into EUR. */
    static DailyReport report(String providerId, List<BreakSummary> breaks, StatementMother... statements) {
        List<CurrentStatement> all = new ArrayList<>();
        for (StatementMother m : statements) {
            all.add(current(m));
        }
        ReportingRates rates = new ReportingRates(all.stream().map(CurrentStatement::document).toList());
        LocalDate date = all.get(0).document().periodStart();
        List<DailyReport.Section> sections = new ArrayList<>();
        boolean allFinal = true;
        java.time.Instant asOf = date.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        for (CurrentStatement s : all) {
            sections.add(new DailyReport.Section(s, rates.convert(s.document().totalPayableMinor(),
                    s.document().settlementCurrency(), "EUR", date)));
            allFinal &= s.status().isFinal();
            if (s.preparedAt().isAfter(asOf)) {
                asOf = s.preparedAt();
            }
        }
        return new DailyReport(date, providerId, allFinal ? ReportStatus.FINAL : ReportStatus.DRAFT, "Operator Ltd",
                "EUR", asOf, sections, breaks);
    }

    static List<BreakSummary> someBreaks() {
        return List.of(new BreakSummary("AMOUNT_MISMATCH", "OPEN", "USD", 2, 1250),
                new BreakSummary("MISSING_INTERNAL", "RESOLVED", "EUR", 1, 990));
    }

    /** RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF records. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
