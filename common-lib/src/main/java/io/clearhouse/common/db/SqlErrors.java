package io.clearhouse.common.db;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * Tells a record's fault from the database's: a consumer retries the second without end and sends
 * only the first to its dead-letter topic. By SQLSTATE class: 22 (data exception: a value out of
 * range, a bad date) and 23 (integrity constraint violation the caller did not handle) are the
 * data's fault and will fail again however often they are retried; everything else (08 connection,
 * 40 serialization failure / deadlock, 53 resources, 57 operator intervention, 42 permissions, a
 * timeout) is infrastructure, which a retry can outlast.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** The SQLSTATE of the first {@link SQLException} in the cause chain (batch errors unwrapped), or null. */
    public static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (sql instanceof BatchUpdateException && sql.getNextException() != null
                        && sql.getNextException().getSQLState() != null) {
                    state = sql.getNextException().getSQLState();
                }
                if (state != null) {
                    return state;
                }
            }
        }
        return null;
    }

    /** True when the error is the data's fault (SQLSTATE class 22 or 23): retrying the same data fails again. */
    public static boolean isDataError(Throwable error) {
        String state = sqlState(error);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** A short reason for a dead-letter header: the SQLSTATE and the server's message, no stack. */
    public static String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                SQLException shown = sql instanceof BatchUpdateException && sql.getNextException() != null
                        ? sql.getNextException() : sql;
                String message = shown.getMessage() == null ? "" : shown.getMessage().lines().findFirst().orElse("");
                return "the database refused the record (SQLSTATE " + shown.getSQLState() + "): " + message;
            }
        }
        return "the database refused the record: " + error.getMessage();
    }
}
