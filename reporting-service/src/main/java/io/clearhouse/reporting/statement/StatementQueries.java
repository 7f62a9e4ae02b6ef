package io.clearhouse.reporting.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads of the statement read model. */
@Component
public class StatementQueries {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    StatementQueries(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The current version of a provider's statement, with its approval trail and parsed document. */
    public record CurrentStatement(String statementId, String providerId, int version, StatementStatus status,
                                   String sha256, String preparedBy, Instant preparedAt, String approvedBy,
                                   Instant approvedAt, StatementDocument document) {
    }

    /**
     * For each provider (or only {@code providerId} when not null), its latest statement version whose
     * period contains {@code date} and that is not SUPERSEDED; ordered by provider id.
     */
    public List<CurrentStatement> currentFor(LocalDate date, String providerId) {
        return jdbc.query("""
                SELECT DISTINCT ON (provider_id) statement_id, provider_id, version, status, sha256, document,
                       prepared_by, prepared_at, approved_by, approved_at
                FROM statements
                WHERE period_start <= ? AND period_end >= ? AND status <> 'SUPERSEDED'
                  AND (CAST(? AS text) IS NULL OR provider_id = ?)
                ORDER BY provider_id, period_start DESC, version DESC""",
                (rs, n) -> new CurrentStatement(rs.getString("statement_id"), rs.getString("provider_id"),
                        rs.getInt("version"), StatementStatus.valueOf(rs.getString("status")), rs.getString("sha256"),
                        rs.getString("prepared_by"), instant(rs.getTimestamp("prepared_at")),
                        rs.getString("approved_by"), instant(rs.getTimestamp("approved_at")),
                        StatementDocument.parse(json, rs.getString("document"))),
                date, date, providerId, providerId);
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
