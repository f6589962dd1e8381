package dev.ferry.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @ParameterizedTest(name = "{0} / {1} transient: {2}")
    @CsvSource({
            "08S01, 0, true", // communications link failure
            "08001, 0, true", // cannot connect
            "40001, 1213, true", // deadlock
            "HY000, 1205, true", // lock wait timeout
            "HY000, 2013, true", // lost connection during query
            "HY000, 2006, true", // server has gone away
            "HY000, 9007, true", // TiDB write conflict
            "22001, 1406, false", // data too long
            "22003, 1264, false", // out of range
            "HY000, 1366, false", // incorrect value
            "23000, 1048, false", // NULL in NOT NULL column
            "42S02, 1146, false", // no such table
            "23000, 1062, false", // duplicate key
            "42000, 1064, false", // syntax error
    })
    void shouldClassifyServerErrors(String sqlState, int code, boolean transientError) {
        // given / when / then
        assertThat(SqlErrors.isTransient(new SQLException("boom", sqlState, code))).isEqualTo(transientError);
    }

    @Test
    void shouldTreatJdbcTransientAndRecoverableExceptionsAsTransient() {
        // given / when / then
        assertThat(SqlErrors.isTransient(new SQLTimeoutException("statement timed out"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLTransactionRollbackException("rolled back"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLRecoverableException("connection reset"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLNonTransientConnectionException("refused", "08004"))).isTrue();
        assertThat(SqlErrors.isTransient(new SQLException("wrapper", null, 0, new SQLRecoverableException("reset")))).isTrue();
    }

    @Test
    void shouldDescribeAnError_byCodeAndColumn_withoutTheValue() {
        // given MariaDB's message, which quotes the offending value
        SQLException e = new SQLException("Incorrect integer value: 'card-4111-1111' for column "
                + "`ferry_acme-1`.`items`.`qty` at row 3", "22007", 1366);

        // when
        String description = SqlErrors.describe(e);

        // then
        assertThat(description).isEqualTo("MySQL error 1366 (22007) incorrect value, column 'qty' at row 3")
                .doesNotContain("4111");
    }

    @Test
    void shouldDescribeDataTooLong_withColumnAndRow() {
        // given / when
        String description = SqlErrors.describe(new SQLException("Data too long for column 'title' at row 2", "22001", 1406));

        // then
        assertThat(description).isEqualTo("MySQL error 1406 (22001) data too long, column 'title' at row 2");
    }

    @Test
    void shouldDescribeANullInANotNullColumn() {
        // given / when
        String description = SqlErrors.describe(new SQLException("Column 'name' cannot be null", "23000", 1048));

        // then
        assertThat(description).isEqualTo("MySQL error 1048 (23000) NULL in a NOT NULL column, column 'name'");
    }

    @Test
    void shouldDescribeAMissingTable_byName() {
        // given / when
        String description = SqlErrors.describe(new SQLException("Table 'ferry_t1.ghosts' doesn't exist", "42S02", 1146));

        // then
        assertThat(description).isEqualTo("MySQL error 1146 (42S02) table does not exist, table 'ferry_t1.ghosts'");
    }

    @Test
    void shouldNotEchoAnUnknownErrorsMessage() {
        // given an error Ferry has no phrase for, whose message quotes data
        SQLException e = new SQLException("Duplicate entry 'alice@example.com' for key 'email'", "23000", 1586);

        // when / then
        assertThat(SqlErrors.describe(e)).isEqualTo("MySQL error 1586 (23000)");
    }

    @Test
    void shouldReportATransientSinkFailureAsUnavailable_evenWhenWrapped() {
        // given a driver wrapper without a code around a lost connection
        SQLException e = new SQLException("batch failed", "HY000", 0,
                new SQLException("Lost connection to server during query", "HY000", 2013));

        // when
        FerryException failure = SqlErrors.sinkFailure(e, "deleting from `ferry_acme`.`items`");

        // then
        assertThat(failure.code()).isEqualTo(ErrorCode.SINK_UNAVAILABLE);
        assertThat(failure.getMessage()).isEqualTo("deleting from `ferry_acme`.`items` failed: "
                + "MySQL error 2013 (HY000) lost connection");
        assertThat(failure.getCause()).isSameAs(e);
    }

    @Test
    void shouldReportARefusedStatementAsRejected_withoutTheDriversMessage() {
        // given a refusal whose message quotes a value
        SQLException e = new SQLException("Data too long for column 'name' at row 1 ('card-4111-1111')", "22001", 1406);

        // when
        FerryException failure = SqlErrors.sinkFailure(e, "recording an imported file in t");

        // then
        assertThat(failure.code()).isEqualTo(ErrorCode.SINK_REJECTED);
        assertThat(failure.getMessage()).isEqualTo("recording an imported file in t was refused: "
                + "MySQL error 1406 (22001) data too long, column 'name' at row 1");
        assertThat(failure.getCause()).isNull();
    }
}
