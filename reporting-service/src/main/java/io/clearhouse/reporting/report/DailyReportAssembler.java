package io.clearhouse.reporting.report;

import io.clearhouse.reporting.breaks.BreakQueries;
import io.clearhouse.reporting.config.ReportingProperties;
import io.clearhouse.reporting.statement.StatementQueries;
import io.clearhouse.reporting.statement.StatementQueries.CurrentStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Builds a {@link DailyReport} from the read models: per provider, or consolidated when the provider is null. */
@Component
public class DailyReportAssembler {

    private final StatementQueries statements;
    private final BreakQueries breaks;
    private final ReportingProperties props;

    DailyReportAssembler(StatementQueries statements, BreakQueries breaks, ReportingProperties props) {
        this.statements = statements;
        this.breaks = breaks;
        this.props = props;
    }

    /** Empty when no statement covers the date (for that provider). */
    public Optional<DailyReport> assemble(LocalDate date, String providerId) {
        List<CurrentStatement> day = statements.currentFor(date, null);
        List<CurrentStatement> included = providerId == null ? day
                : day.stream().filter(s -> s.providerId().equals(providerId)).toList();
        if (included.isEmpty()) {
            return Optional.empty();
        }
        // rates come from every statement of the day, so a provider's report and the consolidated one agree
        ReportingRates rates = new ReportingRates(day.stream().map(CurrentStatement::document).toList());
        String target = props.currency();
        List<DailyReport.Section> sections = new ArrayList<>();
        boolean allFinal = true;
        Instant asOf = date.atStartOfDay().toInstant(ZoneOffset.UTC);
        for (CurrentStatement s : included) {
            sections.add(new DailyReport.Section(s, rates.convert(s.document().totalPayableMinor(),
                    s.document().settlementCurrency(), target, date)));
            allFinal &= s.status().isFinal();
            asOf = later(later(asOf, s.preparedAt()), s.approvedAt());
        }
        return Optional.of(new DailyReport(date, providerId, allFinal ? ReportStatus.FINAL : ReportStatus.DRAFT,
                props.operatorName(), target, asOf, List.copyOf(sections), breaks.summary(date, providerId)));
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
