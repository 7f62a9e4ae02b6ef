package io.clearhouse.ingest.exception;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ExceptionRepository {

    /** Filters of the queue; null means any. {@code from} inclusive, {@code to} exclusive, on when it was opened. */
    record Filter(ExceptionKind kind, ExceptionStatus status, String providerId, String assignee, Instant from,
                  Instant to) {
    }

    /** One page of the queue. */
    record Page(List<ExceptionView> items, int page, int size, long total) {
    }

    /** A comment on an exception. */
    record Comment(long id, String actor, String text, Instant createdAt) {
    }

    /** The recorded transaction a correction adjusts. */
    record Recorded(String providerTxId, String roundId, String playerRef, String brandId, String gameId,
                    String gameType, String type, long amountMinor, String currency) {
    }

    /** Sortable fields: API name to column; anything else is refused, never concatenated. */
    static final Map<String, String> SORTABLE = Map.of("id", "id", "openedAt", "opened_at", "updatedAt", "updated_at",
            "kind", "kind", "status", "status", "providerId", "provider_id");

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    ExceptionRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    Optional<ExceptionView> find(long id) {
        return jdbc.query("SELECT * FROM ingest_exceptions WHERE id = ?", ExceptionRepository::map, id).stream().findFirst();
    }

    Optional<ExceptionView> lock(long id) {
        return jdbc.query("SELECT * FROM ingest_exceptions WHERE id = ? FOR UPDATE", ExceptionRepository::map, id)
                .stream().findFirst();
    }

    Page list(Filter f, String sortField, boolean descending, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource p = new MapSqlParameterSource();
        add(where, p, "kind = :kind", "kind", f.kind() == null ? null : f.kind().name());
        add(where, p, "status = :status", "status", f.status() == null ? null : f.status().name());
        add(where, p, "provider_id = :providerId", "providerId", f.providerId());
        add(where, p, "assignee = :assignee", "assignee", f.assignee());
        add(where, p, "opened_at >= :from", "from", f.from() == null ? null : Timestamp.from(f.from()));
        add(where, p, "opened_at < :to", "to", f.to() == null ? null : Timestamp.from(f.to()));
        Long total = named.queryForObject("SELECT count(*) FROM ingest_exceptions" + where, p, Long.class);
        String direction = descending ? " DESC" : " ASC";
        String order = SORTABLE.get(sortField) + direction + ("id".equals(sortField) ? "" : ", id" + direction);
        p.addValue("limit", size).addValue("offset", (long) page * size);
        List<ExceptionView> items = named.query("SELECT * FROM ingest_exceptions" + where + " ORDER BY " + order
                + " LIMIT :limit OFFSET :offset", p, ExceptionRepository::map);
        return new Page(items, page, size, total == null ? 0 : total);
    }

    void update(ExceptionView e, Instant at) {
        jdbc.update("""
                UPDATE ingest_exceptions SET status = ?, assignee = ?, resolution = ?, resolution_note = ?,
                    resolved_by = ?, resolved_at = ?, posted_tx_id = ?, version = version + 1, updated_at = ?
                WHERE id = ?""",
                e.status().name(), e.assignee(), e.resolution() == null ? null : e.resolution().name(),
                e.resolutionNote(), e.resolvedBy(), e.resolvedAt() == null ? null : Timestamp.from(e.resolvedAt()),
                e.postedTxId(), Timestamp.from(at), e.id());
    }

    void addComment(long id, String actor, String text, Instant at) {
        jdbc.update("INSERT INTO ingest_exception_comments (exception_id, actor, text, created_at) VALUES (?, ?, ?, ?)",
                id, actor, text, Timestamp.from(at));
    }

    List<Comment> comments(long id) {
        return jdbc.query("SELECT id, actor, text, created_at FROM ingest_exception_comments WHERE exception_id = ? "
                + "ORDER BY id", (rs, i) -> new Comment(rs.getLong("id"), rs.getString("actor"), rs.getString("text"),
                rs.getTimestamp("created_at").toInstant()), id);
    }

    /** The recorded transaction of a key (the player only in per-player mode, '' otherwise). */
    Optional<Recorded> recorded(String providerId, String providerTxId, String keyPlayerRef) {
        return jdbc.query("""
                SELECT provider_tx_id, round_id, player_ref, brand_id, game_id, game_type, type, amount_minor, currency
                FROM transactions WHERE provider_id = ? AND provider_tx_id = ? AND (? = '' OR player_ref = ?)
                ORDER BY recorded_at LIMIT 1""",
                (rs, i) -> new Recorded(rs.getString("provider_tx_id"), rs.getString("round_id"),
                        rs.getString("player_ref"), rs.getString("brand_id"), rs.getString("game_id"),
                        rs.getString("game_type"), rs.getString("type"), rs.getLong("amount_minor"),
                        rs.getString("currency")),
                providerId, providerTxId, keyPlayerRef == null ? "" : keyPlayerRef,
                keyPlayerRef == null ? "" : keyPlayerRef).stream().findFirst();
    }

    private static void add(StringBuilder where, MapSqlParameterSource p, String clause, String name, Object value) {
        if (value != null) {
            where.append(" AND ").append(clause);
            p.addValue(name, value);
        }
    }

    static ExceptionView map(ResultSet rs, int row) throws SQLException {
        String resolution = rs.getString("resolution");
        Timestamp resolvedAt = rs.getTimestamp("resolved_at");
        return new ExceptionView(rs.getLong("id"), ExceptionKind.valueOf(rs.getString("kind")),
                rs.getString("source_ref"), rs.getString("provider_id"), rs.getString("provider_tx_id"),
                rs.getString("key_player_ref"), rs.getString("reason"), rs.getString("payload"),
                ExceptionStatus.valueOf(rs.getString("status")), rs.getString("assignee"),
                resolution == null ? null : Resolution.valueOf(resolution), rs.getString("resolution_note"),
                rs.getString("resolved_by"), resolvedAt == null ? null : resolvedAt.toInstant(),
                rs.getString("posted_tx_id"), rs.getLong("version"), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
