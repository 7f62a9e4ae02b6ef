package io.clearhouse.reconciliation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as text, for tests that compare what two ways of computing something stored. */
public final class SqlRows {

    private SqlRows() {
    }

    /** Each row's columns as text joined by '|', in the query's order. */
    public static List<String> of(Connection c, String sql, Object... args) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 1; k <= n; k++) {
                        sb.append(k > 1 ? "|" : "").append(rs.getString(k));
                    }
                    rows.add(sb.toString());
                }
            }
        }
        return rows;
    }
}
