package io.clearhouse.reconciliation.exception;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ExceptionRepository {

    /** Filters of the queue; null means "any". */
    record Filter(String providerId, String breakClass, String status, String assignee, LocalDate from, LocalDate to,
                  Long minAmountMinor, Long maxAmountMinor, Long statementId, String currency) {
    }

    /** One page of the queue. */
    record Page(List<ExceptionView> items, int page, int size, long total) {
    }

    /** Sortable fields: API name to column. Anything else is refused, never concatenated. */
    static final Map<String, String> SORTABLE = Map.of(
            "id", "id", "amount", "amount_minor", "businessDate", "business_date", "openedAt", "opened_at",
            "updatedAt", "updated_at", "class", "class", "status", "status", "providerId", "provider_id");

    /** A comment on an exception. */
    record Comment(long id, String actor, String text, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    ExceptionRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    Optional<ExceptionView> find(long id) {
        return jdbc.query("SELECT * FROM exceptions WHERE id = ?", ExceptionRepository::map, id).stream().findFirst();
    }

    Optional<ExceptionView> lock(long id) {
        return jdbc.query("SELECT * FROM exceptions WHERE id = ? FOR UPDATE", ExceptionRepository::map, id).stream()
                .findFirst();
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

    Page list(Filter f, String sortField, boolean descending, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource p = new MapSqlParameterSource();
        add(where, p, "provider_id = :providerId", "providerId", f.providerId());
        add(where, p, "class = :breakClass", "breakClass", f.breakClass());
        add(where, p, "status = :status", "status", f.status());
        add(where, p, "assignee = :assignee", "assignee", f.assignee());
        add(where, p, "business_date >= :from", "from", f.from());
        add(where, p, "business_date <= :to", "to", f.to());
        add(where, p, "amount_minor >= :minAmount", "minAmount", f.minAmountMinor());
        add(where, p, "amount_minor <= :maxAmount", "maxAmount", f.maxAmountMinor());
        add(where, p, "statement_id = :statementId", "statementId", f.statementId());
        add(where, p, "currency = :currency", "currency", f.currency());
        Long total = named.queryForObject("SELECT count(*) FROM exceptions" + where, p, Long.class);
        String order = SORTABLE.get(sortField) + (descending ? " DESC" : " ASC")
                + ("id".equals(sortField) ? "" : ", id" + (descending ? " DESC" : " ASC"));
        p.addValue("limit", size).addValue("offset", (long) page * size);
        List<ExceptionView> items = named.query("SELECT * FROM exceptions" + where + " ORDER BY " + order
                + " LIMIT :limit OFFSET :offset", p, ExceptionRepository::map);
        return new Page(items, page, size, total == null ? 0 : total);
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

    void addComment(long id, String actor, String text, Instant at) {
        jdbc.update("INSERT INTO exception_comments (exception_id, actor, text, created_at) VALUES (?, ?, ?, ?)", id,
                actor, text, Timestamp.from(at));
    }

    List<Comment> comments(long id) {
        return jdbc.query("SELECT id, actor, text, created_at FROM exception_comments WHERE exception_id = ? ORDER BY id",
                (rs, i) -> new Comment(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()), id);
    }

    private static void add(StringBuilder where, MapSqlParameterSource p, String clause, String name, Object value) {
        if (value != null) {
            where.append(" AND ").append(clause);
            p.addValue(name, value);
        }
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
