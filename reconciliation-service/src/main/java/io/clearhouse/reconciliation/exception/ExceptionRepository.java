package io.clearhouse.reconciliation.exception;

import io.clearhouse.support.queue.ExceptionQueue;
import io.clearhouse.support.queue.Page;
import io.clearhouse.support.queue.Sort;
import io.clearhouse.support.queue.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ExceptionRepository {

    /** Filters of the queue; null means "any". */
    record Filter(String providerId, String breakClass, String status, String assignee, LocalDate from, LocalDate to,
                  Long minAmountMinor, Long maxAmountMinor, Long statementId, String currency) {
    }

    /** Sortable fields: API name to column. Anything else is refused, never concatenated. */
    static final Map<String, String> SORTABLE = Map.of(
            "id", "id", "amount", "amount_minor", "businessDate", "business_date", "openedAt", "opened_at",
            "updatedAt", "updated_at", "class", "class", "status", "status", "providerId", "provider_id");

    private final JdbcTemplate jdbc;
    private final ExceptionQueue<ExceptionView> queue;

    ExceptionRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.queue = new ExceptionQueue<>(jdbc, named, "exceptions", "exception_comments", ExceptionRepository::map);
    }

    /**
     * exceptions and exception_comments: find, lock, list, comments. A method, not the field: callers hold this
     * repository's proxy, whose fields are empty.
     */
    ExceptionQueue<ExceptionView> queue() {
        return queue;
    }

    /** Details for an adjustment: ingest's row when there is one, else the statement line's. */
    Map<String, Object> adjustmentContext(long id) {
        return jdbc.queryForMap("""
                SELECT e.adjustment_occurred_at, e.posting_seq, e.posted_amount_minor,
                       l.type AS line_type, l.amount_minor AS line_amount_minor, l.occurred_at AS line_occurred_at,
                       coalesce(e.internal_round_id, l.round_id) AS round_id,
                       coalesce(e.internal_player_ref, l.player_ref) AS player_ref,
                       coalesce(e.internal_brand_id, l.brand_id) AS brand_id,
                       coalesce(e.internal_game_id, l.game_id) AS game_id,
                       coalesce(e.internal_game_type, l.game_type) AS game_type
                FROM exceptions e
                LEFT JOIN statement_lines l ON l.statement_id = e.statement_id AND l.line_no = e.line_no
                                           AND e.line_no > 0
                WHERE e.id = ?""", id);
    }

    Page<ExceptionView> list(Filter f, Sort sort, int page, int size) {
        Where where = new Where()
                .and("provider_id = :providerId", "providerId", f.providerId())
                .and("class = :breakClass", "breakClass", f.breakClass())
                .and("status = :status", "status", f.status())
                .and("assignee = :assignee", "assignee", f.assignee())
                .and("business_date >= :from", "from", f.from())
                .and("business_date <= :to", "to", f.to())
                .and("amount_minor >= :minAmount", "minAmount", f.minAmountMinor())
                .and("amount_minor <= :maxAmount", "maxAmount", f.maxAmountMinor())
                .and("statement_id = :statementId", "statementId", f.statementId())
                .and("currency = :currency", "currency", f.currency());
        return queue.list(where, sort, page, size);
    }

    void update(ExceptionView e, Instant at) {
        jdbc.update("""
                UPDATE exceptions SET status = ?, assignee = ?, resolution = ?, resolution_note = ?, resolved_by = ?,
                    resolved_at = ?, adjustment_tx_id = ?, version = version + 1, updated_at = ?
                WHERE id = ?""",
                e.status(), e.assignee(), e.resolution(), e.resolutionNote(), e.resolvedBy(),
                e.resolvedAt() == null ? null : Timestamp.from(e.resolvedAt()), e.adjustmentTxId(), Timestamp.from(at),
                e.id());
    }

    /** Records the posting now in force: its number, signed amount and time (null amount: none in force). */
    void setPosting(long id, int seq, Long amountMinor, Instant occurredAt) {
        jdbc.update("UPDATE exceptions SET posting_seq = ?, posted_amount_minor = ?, adjustment_occurred_at = ?"
                + " WHERE id = ?", seq, amountMinor, occurredAt == null ? null : Timestamp.from(occurredAt), id);
    }

    static ExceptionView map(ResultSet rs, int row) throws SQLException {
        return new ExceptionView(rs.getLong("id"), rs.getLong("statement_id"), rs.getLong("first_run_id"),
                rs.getLong("last_run_id"), rs.getString("provider_id"), rs.getString("provider_tx_id"),
                rs.getString("class"), rs.getLong("line_no"), rs.getObject("business_date", LocalDate.class),
                rs.getString("currency"), rs.getLong("amount_minor"), rs.getString("statement_type"),
                (Long) rs.getObject("statement_amount_minor", Long.class), rs.getString("statement_currency"),
                rs.getObject("statement_business_date", LocalDate.class), rs.getString("internal_type"),
                (Long) rs.getObject("internal_amount_minor", Long.class), rs.getString("internal_currency"),
                rs.getObject("internal_business_date", LocalDate.class), rs.getString("status"),
                rs.getString("assignee"), rs.getString("resolution"), rs.getString("resolution_note"),
                rs.getString("resolved_by"), instant(rs.getTimestamp("resolved_at")), rs.getString("adjustment_tx_id"),
                rs.getLong("version"), instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
