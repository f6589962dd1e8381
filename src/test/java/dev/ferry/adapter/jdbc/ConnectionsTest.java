package dev.ferry.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.testing.StubConnections;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

    @Test
    void shouldHandOutAutoCommitConnections() throws SQLException {
        // given
        StubConnections stub = new StubConnections(null);

        // when
        Connection c = Connections.open(stub.dataSource(), ErrorCode.SINK_UNAVAILABLE, "write t");

        // then
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(stub.closed()).isZero();
    }

    @Test
    void shouldCloseAConnectionThatCannotBeSwitchedToAutoCommit_andReportUnavailability() {
        // given a connection that is lost as it is switched to auto-commit
        StubConnections stub = new StubConnections(new SQLException("Communications link failure", "08S01", 0));

        // when
        FerryException e = catchThrowableOfType(FerryException.class,
                () -> Connections.open(stub.dataSource(), ErrorCode.STATE_STORE_UNAVAILABLE, "state store: read"));

        // then
        assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("state store: read: cannot use the database connection: ");
        assertThat(stub.closed()).isEqualTo(stub.opened()).isEqualTo(1);
    }

    @Test
    void shouldReportAPoolThatGivesNoConnectionAsUnavailable() {
        // given a pool whose acquisition times out (no SQLState)
        DataSource exhausted = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLTransientConnectionException("acquisition timeout");
                });

        // when
        FerryException e = catchThrowableOfType(FerryException.class,
                () -> Connections.open(exhausted, ErrorCode.SINK_UNAVAILABLE, "write t"));

        // then
        assertThat(e.code()).isEqualTo(ErrorCode.SINK_UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("write t: cannot get a database connection: SQLTransientConnectionException");
    }
}
