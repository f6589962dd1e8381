package dev.ferry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.testing.StubConnections;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class AutoCommitConnectionsTest {

    @Test
    void shouldSwitchAConnectionToAutoCommit() throws SQLException {
        // given a pool handing out connections outside auto-commit mode
        StubConnections stub = new StubConnections(null);

        // when
        Connection c = AutoCommitConnections.open(stub.dataSource());

        // then
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(stub.switched()).isEqualTo(1);
        assertThat(stub.closed()).isZero();
    }

    @Test
    void shouldCloseTheConnection_whenItCannotBeSwitched() {
        // given connections whose switch to auto-commit fails
        SQLException lost = new SQLException("Communications link failure", "08S01", 0);
        StubConnections stub = new StubConnections(lost);

        // when
        SQLException e = catchThrowableOfType(SQLException.class, () -> AutoCommitConnections.open(stub.dataSource()));

        // then the failure is the driver's, and the connection went back
        assertThat((Throwable) e).isSameAs(lost);
        assertThat(stub.opened()).isEqualTo(1);
        assertThat(stub.closed()).isEqualTo(1);
    }
}
