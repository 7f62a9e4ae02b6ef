package io.clearhouse.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    private static RuntimeException wrapped(SQLException e) {
        return new RuntimeException("translated", e);
    }

    @Test
    void dataExceptionsAndUnhandledConstraintViolationsAreTheDatasFault() {
        assertThat(SqlErrors.isDataError(wrapped(new SQLException("date/time field value out of range", "22008"))))
                .isTrue();
        assertThat(SqlErrors.isDataError(wrapped(new SQLException("null value", "23502")))).isTrue();
        assertThat(SqlErrors.reason(wrapped(new SQLException("date/time field value out of range\n  Where: x", "22008"))))
                .isEqualTo("the database refused the record (SQLSTATE 22008): date/time field value out of range");
    }

    @Test
    void connectionSerializationDeadlockShutdownAndPermissionErrorsAreInfrastructure() {
        for (String state : new String[] {"08006", "40001", "40P01", "57P01", "53300", "42501", "55P03", "57014"}) {
            assertThat(SqlErrors.isDataError(wrapped(new SQLException("x", state)))).as(state).isFalse();
        }
        assertThat(SqlErrors.isDataError(new IllegalStateException("no SQL at all"))).isFalse();
    }

    @Test
    void aBatchUpdateExceptionIsJudgedByTheErrorItWraps() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "22008", new int[0]);
        batch.setNextException(new SQLException("value out of range", "22003"));
        assertThat(SqlErrors.sqlState(wrapped(batch))).isEqualTo("22003");
    }
}
