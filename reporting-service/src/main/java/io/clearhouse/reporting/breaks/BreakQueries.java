package io.clearhouse.reporting.breaks;

import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The reconciliation summary of a business date: breaks by class, status and currency. */
@Component
public class BreakQueries {

    private final JdbcTemplate jdbc;

    BreakQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One row of the summary: how many breaks of a class are in a status, and their amount. */
    public record BreakSummary(String breakClass, String status, String currency, long count, long amountMinor) {
    }

    /** Ordered by class, status, currency; only {@code providerId}'s breaks when it is not null. */
    public List<BreakSummary> summary(LocalDate date, String providerId) {
        return jdbc.query("""
                SELECT break_class, status, currency, count(*) AS n, coalesce(sum(amount_minor), 0) AS amount
                FROM breaks
                WHERE business_date = ? AND (CAST(? AS text) IS NULL OR provider_id = ?) AND currency IS NOT NULL
                GROUP BY break_class, status, currency
                ORDER BY break_class, status, currency""",
                (rs, n) -> new BreakSummary(rs.getString("break_class"), rs.getString("status"),
                        rs.getString("currency"), rs.getLong("n"), rs.getLong("amount")),
                date, providerId, providerId);
    }
}
