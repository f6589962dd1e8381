package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.StubConnections;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The JDBC side's errors and connections go through the classification and opening Ferry's adapters share. */
class JdbcSupportErrorsTest {

    @Test
    void shouldDescribeByCodeAndPhrase_withoutTheServersText() {
        // given / when
        SideException e = JdbcSupport.describe("tidb: upsert into issues",
                new SQLException("Table 'ferry_acme.issues' doesn't exist", "42S02", 1146));

        // then
        assertThat(e.code()).isEqualTo("SQL1146");
        assertThat(e.getMessage()).isEqualTo("tidb: upsert into issues: table does not exist (error 1146, SQLState 42S02)");
    }

    @Test
    void shouldFindTheServersCodeAlongTheCauseChain() {
        // given a driver wrapper without a code around the server's refusal, which quotes a value
        SQLException e = new SQLException("batch failed", "22001", 0,
                new SQLException("Data too long for column 'title' at row 1: 'secret'", "22001", 1406));

        // when
        SideException described = JdbcSupport.describe("tidb: upsert into issues", e);

        // then
        assertThat(described.code()).isEqualTo("SQL1406");
        assertThat(described.getMessage()).isEqualTo("tidb: upsert into issues: data too long (error 1406, SQLState 22001)")
                .doesNotContain("secret");
    }

    @Test
    void shouldFallBackToTheSqlState_forAnErrorWithoutCode() {
        // given / when
        SideException lost = JdbcSupport.describe("failure log: count", new SQLException("link failure", "08S01", 0));
        SideException other = JdbcSupport.describe("failure log: count", new SQLException("odd", null, 0));

        // then
        assertThat(lost.code()).isEqualTo("SQLSTATE08S01");
        assertThat(lost.getMessage()).isEqualTo("failure log: count: connection failure (error 0, SQLState 08S01)");
        assertThat(other.code()).isEqualTo("SQLSTATEnone");
        assertThat(other.getMessage()).isEqualTo("failure log: count: SQL error (error 0, SQLState none)");
    }

    @Test
    void shouldOpenAutoCommitConnections_andGiveBackOnesThatCannotBe() throws SQLException {
        // given
        StubConnections working = new StubConnections(null);
        StubConnections failing = new StubConnections(new SQLException("Lost connection", "HY000", 2013));

        // when
        boolean autoCommit = JdbcSupport.open(working.dataSource()).getAutoCommit();
        SideException e;
        try {
            JdbcSupport.open(failing.dataSource());
            throw new AssertionError("expected a failure");
        } catch (SQLException failure) {
            e = JdbcSupport.describe("tidb: read from issues", failure);
        }

        // then
        assertThat(autoCommit).isTrue();
        assertThat(failing.closed()).isEqualTo(1);
        assertThat(e.getMessage()).isEqualTo("tidb: read from issues: lost connection (error 2013, SQLState HY000)");
    }
}
