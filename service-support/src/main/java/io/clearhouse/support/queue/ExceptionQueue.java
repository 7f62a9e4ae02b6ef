package io.clearhouse.support.queue;

import static io.clearhouse.support.problem.RequestParams.bounded;

import io.clearhouse.support.problem.Problems;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * An exception queue's two tables: the exceptions ({@code id} key; the service's own columns, read by its
 * row mapper) and their comments ({@code id, exception_id, actor, text, created_at}). Find, lock (the
 * desk's moves are serialised by a row lock, never by version checks alone), list a filtered, sorted page,
 * and append or read comments. What an exception is, its states and what a move posts stay the service's.
 */
public final class ExceptionQueue<V> {

    /** A comment on an exception, oldest first. */
    public record Comment(long id, String actor, String text, Instant createdAt) {
    }

    /** An exception as its detail endpoint shows it: the exception and its comments. */
    public record Detail<T>(T exception, List<Comment> comments) {
    }

    /** The request of an assignment: to whom (null: nobody) and why. */
    public record AssignRequest(String assignee, String note) {

        /** The longest assignee (an actor name) and note a queue keeps. */
        public static final int MAX_ASSIGNEE = 200;
        public static final int MAX_NOTE = 2000;

        /** The request when both fit; otherwise 400 naming the field. */
        public AssignRequest checked() {
            bounded("assignee", assignee, MAX_ASSIGNEE);
            bounded("note", note, MAX_NOTE);
            return this;
        }
    }

    /** The request of a comment: its text, required. */
    public record CommentRequest(String text) {

        public static final int MAX_TEXT = 2000;

        /** The text when given and at most {@link #MAX_TEXT} characters; otherwise 400 naming {@code text}. */
        public String checkedText() {
            bounded("text", text, MAX_TEXT);
            if (text == null || text.isBlank()) {
                throw new Problems.Invalid("text", "is required");
            }
            return text;
        }
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final String table;
    private final String commentTable;
    private final RowMapper<V> rows;

    public ExceptionQueue(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, String table, String commentTable,
                          RowMapper<V> rows) {
        this.jdbc = jdbc;
        this.named = named;
        this.table = Where.table(table);
        this.commentTable = Where.table(commentTable);
        this.rows = rows;
    }

    public Optional<V> find(long id) {
        return jdbc.query("SELECT * FROM " + table + " WHERE id = ?", rows, id).stream().findFirst();
    }

    /** The exception, or 404. */
    public V get(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** The exception locked for this transaction, or 404. */
    public V lock(long id) {
        return jdbc.query("SELECT * FROM " + table + " WHERE id = ? FOR UPDATE", rows, id).stream().findFirst()
                .orElseThrow(() -> notFound(id));
    }

    /** The exceptions that match {@code where}, sorted (then by id), one page. */
    public Page<V> list(Where where, Sort sort, int page, int size) {
        return where.page(named, table, sort.orderBy(), page, size, rows);
    }

    public void addComment(long id, String actor, String text, Instant at) {
        jdbc.update("INSERT INTO " + commentTable + " (exception_id, actor, text, created_at) VALUES (?, ?, ?, ?)",
                id, actor, text, Timestamp.from(at));
    }

    public List<Comment> comments(long id) {
        return jdbc.query("SELECT id, actor, text, created_at FROM " + commentTable + " WHERE exception_id = ?"
                + " ORDER BY id", (rs, i) -> new Comment(rs.getLong("id"), rs.getString("actor"), rs.getString("text"),
                rs.getTimestamp("created_at").toInstant()), id);
    }

    /** The exception with its comments. */
    public Detail<V> detail(long id, V exception) {
        return new Detail<>(exception, comments(id));
    }

    private static Problems.NotFound notFound(long id) {
        return new Problems.NotFound("exception " + id + " not found");
    }
}
