package io.clearhouse.ingest.exception;

import io.clearhouse.support.queue.ExceptionQueue;
import io.clearhouse.support.queue.Page;
import io.clearhouse.support.queue.Sort;
import io.clearhouse.support.queue.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ExceptionRepository {

    /** Filters of the queue; null means any. {@code from} inclusive, {@code to} exclusive, on when it was opened. */
    record Filter(ExceptionKind kind, ExceptionStatus status, String providerId, String assignee, Instant from,
                  Instant to) {
    }

    /** The recorded transaction a correction adjusts. */
    record Recorded(String providerTxId, String roundId, String playerRef, String brandId, String gameId,
                    String gameType, String type, long amountMinor, String currency) {
    }

    /** Sortable fields: API name to column; anything else is refused, never concatenated. */
    static final Map<String, String> SORTABLE = Map.of("id", "id", "openedAt", "opened_at", "updatedAt", "updated_at",
            "kind", "kind", "status", "status", "providerId", "provider_id");

    private final JdbcTemplate jdbc;
    private final ExceptionQueue<ExceptionView> queue;

    ExceptionRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.queue = new ExceptionQueue<>(jdbc, named, "ingest_exceptions", "ingest_exception_comments",
                ExceptionRepository::map);
    }

    /**
     * ingest_exceptions and ingest_exception_comments: find, lock, list, comments. A method, not the field:
     * callers hold this repository's proxy, whose fields are empty.
     */
    ExceptionQueue<ExceptionView> queue() {
        return queue;
    }

    Page<ExceptionView> list(Filter f, Sort sort, int page, int size) {
        Where where = new Where()
                .and("kind = :kind", "kind", f.kind() == null ? null : f.kind().name())
                .and("status = :status", "status", f.status() == null ? null : f.status().name())
                .and("provider_id = :providerId", "providerId", f.providerId())
                .and("assignee = :assignee", "assignee", f.assignee())
                .and("opened_at >= :from", "from", f.from() == null ? null : Timestamp.from(f.from()))
                .and("opened_at < :to", "to", f.to() == null ? null : Timestamp.from(f.to()));
        return queue.list(where, sort, page, size);
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
