package io.clearhouse.reconciliation.statement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class StatementRepository {

    private final JdbcTemplate jdbc;

    StatementRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StatementView> find(long id) {
        return jdbc.query("SELECT * FROM statements WHERE id = ?", StatementRepository::map, id).stream().findFirst();
    }

    Optional<StatementView> findBySha(String providerId, String sha256) {
        return jdbc.query("SELECT * FROM statements WHERE provider_id = ? AND sha256 = ?", StatementRepository::map,
                providerId, sha256).stream().findFirst();
    }

    List<StatementView> list(String providerId, int limit) {
        if (providerId == null) {
            return jdbc.query("SELECT * FROM statements ORDER BY id DESC LIMIT ?", StatementRepository::map, limit);
        }
        return jdbc.query("SELECT * FROM statements WHERE provider_id = ? ORDER BY id DESC LIMIT ?",
                StatementRepository::map, providerId, limit);
    }

    Optional<Long> latestRunId(long statementId) {
        return jdbc.queryForList("SELECT max(id) FROM runs WHERE statement_id = ?", Long.class, statementId).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    List<LineError> errors(long statementId, int limit) {
        return jdbc.query("""
                SELECT line_no, column_name, reason FROM statement_errors WHERE statement_id = ?
                ORDER BY line_no LIMIT ?""",
                (rs, i) -> new LineError(rs.getLong(1), rs.getString(2), rs.getString(3)), statementId, limit);
    }

    private static StatementView map(ResultSet rs, int row) throws SQLException {
        return new StatementView(rs.getLong("id"), rs.getString("provider_id"), rs.getString("sha256"),
                rs.getString("format"), rs.getLong("line_count"), rs.getLong("loaded_count"),
                rs.getLong("error_count"), rs.getObject("period_from", java.time.LocalDate.class),
                rs.getObject("period_to", java.time.LocalDate.class), rs.getLong("size_bytes"),
                rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant());
    }
}
