package io.clearhouse.support.queue;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The WHERE of a list with optional filters: each filter is a clause with one named parameter, left out
 * when its value is null (null means "any"). Values are always parameters; clauses are the caller's code.
 */
public final class Where {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private final StringBuilder sql = new StringBuilder(" WHERE true");
    private final MapSqlParameterSource params = new MapSqlParameterSource();

    /** Adds {@code clause} (which names {@code :name}) when {@code value} is not null. */
    public Where and(String clause, String name, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.addValue(name, value);
        }
        return this;
    }

    /** The rows of {@code table} that match, counted, and the {@code page} of {@code size} in {@code orderBy}. */
    public <T> Page<T> page(NamedParameterJdbcTemplate named, String table, String orderBy, int page, int size,
                            RowMapper<T> rows) {
        Long total = named.queryForObject("SELECT count(*) FROM " + table(table) + sql, params, Long.class);
        MapSqlParameterSource p = new MapSqlParameterSource(params.getValues())
                .addValue("limit", size).addValue("offset", (long) page * size);
        List<T> items = named.query("SELECT * FROM " + table + sql + " ORDER BY " + orderBy
                + " LIMIT :limit OFFSET :offset", p, rows);
        return new Page<>(items, page, size, total == null ? 0 : total);
    }

    static String table(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return table;
    }
}
