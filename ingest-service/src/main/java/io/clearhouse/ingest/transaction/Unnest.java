package io.clearhouse.ingest.transaction;

import io.clearhouse.common.time.Rfc3339;
import io.clearhouse.support.jdbc.TextArray;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Set-based statements over many rows in one round trip: every column travels as one text array
 * ({@link TextArray}: binary, written once into a buffer of its exact size) and is cast in SQL
 * ({@code SELECT ... FROM unnest(?::text[], ...)}), never one statement per row.
 */
final class Unnest<T> {

    /** One column: its name, its SQL type and how to read it from a row. */
    record Column<T>(String name, String sqlType, Function<T, Object> value) {
    }

    private final List<Column<T>> columns = new ArrayList<>();

    Unnest<T> col(String name, String sqlType, Function<T, Object> value) {
        columns.add(new Column<>(name, sqlType, value));
        return this;
    }

    /** {@code unnest(?::text[], ...) AS alias(c1, ...)}; select {@code alias.c::type} in the query. */
    String from(String alias) {
        StringBuilder s = new StringBuilder("unnest(");
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append("?::text[]");
        }
        s.append(") AS ").append(alias).append('(');
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        return s.append(')').toString();
    }

    /** {@code alias.c1::type1, alias.c2::type2, ...} */
    String select(String alias) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column<T> c = columns.get(i);
            s.append(i == 0 ? "" : ", ").append(alias).append('.').append(c.name()).append("::").append(c.sqlType());
        }
        return s.toString();
    }

    String names() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        return s.toString();
    }

    /** {@code INSERT INTO table (cols) SELECT casts FROM unnest(...) <tail>}; returns rows changed. */
    int insert(JdbcTemplate jdbc, String table, List<T> rows, String tail) {
        if (rows.isEmpty()) {
            return 0;
        }
        String sql = "INSERT INTO " + table + " (" + names() + ") SELECT " + select("t") + " FROM " + from("t")
                + (tail == null ? "" : " " + tail);
        Integer n = jdbc.execute((ConnectionCallback<Integer>) con -> {
            try (var ps = con.prepareStatement(sql)) {
                bind(con, ps, 1, rows);
                return ps.executeUpdate();
            }
        });
        return n == null ? 0 : n;
    }

    /** Same, with a RETURNING tail; each returned row goes through {@code mapper}. */
    <R> List<R> insertReturning(JdbcTemplate jdbc, String table, List<T> rows, String tail, RowReader<R> mapper) {
        if (rows.isEmpty()) {
            return List.of();
        }
        String sql = "INSERT INTO " + table + " (" + names() + ") SELECT " + select("t") + " FROM " + from("t") + " "
                + tail;
        return query(jdbc, sql, rows, mapper);
    }

    /** Runs {@code sql}, whose only parameters are this unnest's arrays (use {@link #from}). */
    <R> List<R> query(JdbcTemplate jdbc, String sql, List<T> rows, RowReader<R> mapper) {
        List<R> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (var ps = con.prepareStatement(sql)) {
                bind(con, ps, 1, rows);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.read(rs));
                    }
                }
            }
            return null;
        });
        return out;
    }

    private void bind(Connection con, java.sql.PreparedStatement ps, int first, List<T> rows) throws SQLException {
        for (int c = 0; c < columns.size(); c++) {
            String[] values = new String[rows.size()];
            Function<T, Object> f = columns.get(c).value();
            for (int i = 0; i < values.length; i++) {
                Object v = f.apply(rows.get(i));
                values[i] = text(v);
            }
            ps.setObject(first + c, new TextArray(values));
        }
    }

    /** A value as its array element's text; timestamps and dates as {@code java.time} prints them, only faster. */
    private static String text(Object v) {
        if (v instanceof Instant instant) {
            return Rfc3339.format(instant);
        }
        if (v instanceof LocalDate date) {
            return Rfc3339.formatDate(date);
        }
        return v == null ? null : v.toString();
    }

    /** Reads one result row. */
    @FunctionalInterface
    interface RowReader<R> {
        R read(ResultSet rs) throws SQLException;
    }
}
