package io.clearhouse.reconciliation.matching;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class RunRepository {

    /** Count and amounts of one class in one currency. */
    public record ClassTotal(String breakClass, String currency, long lines, long statementAmountMinor,
                             long internalAmountMinor) {
    }

    /** Statement against ingest for one business day and currency. */
    public record DayTotal(LocalDate businessDate, String currency, long statementCount, long statementAmountMinor,
                           long internalCount, long internalAmountMinor, long differenceMinor, boolean agrees) {
    }

    private final JdbcTemplate jdbc;

    RunRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insertQueued(long statementId, String providerId, String actor, Instant at) {
        return jdbc.queryForObject("""
                INSERT INTO runs (statement_id, provider_id, status, requested_by, requested_at)
                VALUES (?, ?, 'QUEUED', ?, ?) RETURNING id""", Long.class, statementId, providerId, actor,
                Timestamp.from(at));
    }

    public Optional<RunView> find(long id) {
        return jdbc.query("SELECT * FROM runs WHERE id = ?", RunRepository::map, id).stream().findFirst();
    }

    public List<RunView> forStatement(long statementId) {
        return jdbc.query("SELECT * FROM runs WHERE statement_id = ? ORDER BY id", RunRepository::map, statementId);
    }

    List<Long> queued(int limit) {
        return jdbc.queryForList("SELECT id FROM runs WHERE status = 'QUEUED' ORDER BY id LIMIT ?", Long.class, limit);
    }

    /** Runs QUEUED: waiting for the worker, safe to start (again). */
    List<Long> queued() {
        return jdbc.queryForList("SELECT id FROM runs WHERE status = 'QUEUED' ORDER BY id", Long.class);
    }

    /**
     * Ends every RUNNING run FAILED with {@code reason} (only at start, when this service's single
     * worker runs nothing) and returns their ids.
     */
    List<Long> failRunning(String reason, Instant at) {
        return jdbc.queryForList("""
                UPDATE runs SET status = 'FAILED', finished_at = ?, failure = ?
                WHERE status = 'RUNNING' RETURNING id""", Long.class, Timestamp.from(at), reason);
    }

    /** Ends a run FAILED unless it already finished. */
    void failIfUnfinished(long runId, String reason, Instant at) {
        jdbc.update("UPDATE runs SET status = 'FAILED', finished_at = ?, failure = ? WHERE id = ?"
                + " AND status IN ('QUEUED', 'RUNNING')", Timestamp.from(at), reason, runId);
    }

    public List<ClassTotal> classTotals(long runId) {
        return jdbc.query("""
                SELECT class, currency, line_count, statement_amount_minor, internal_amount_minor
                FROM run_class_totals WHERE run_id = ? ORDER BY class, currency""",
                (rs, i) -> new ClassTotal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)), runId);
    }

    public List<DayTotal> dayTotals(long runId) {
        return jdbc.query("""
                SELECT business_date, currency, statement_count, statement_amount_minor, internal_count,
                       internal_amount_minor
                FROM run_day_totals WHERE run_id = ? ORDER BY business_date, currency""",
                (rs, i) -> {
                    long diff = rs.getLong(4) - rs.getLong(6);
                    return new DayTotal(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), diff, diff == 0 && rs.getLong(3) == rs.getLong(5));
                }, runId);
    }

    /** Lines per class across currencies. */
    public Map<String, Long> countsByClass(long runId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT class, sum(line_count) FROM run_class_totals WHERE run_id = ? GROUP BY class ORDER BY class",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, runId);
        return counts;
    }

    private static RunView map(ResultSet rs, int row) throws SQLException {
        return new RunView(rs.getLong("id"), rs.getLong("statement_id"), rs.getString("provider_id"),
                rs.getString("status"), rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class), (Long) rs.getObject("tolerance_minor", Long.class),
                rs.getString("requested_by"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("failure"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
