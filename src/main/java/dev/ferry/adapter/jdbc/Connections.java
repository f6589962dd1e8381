package dev.ferry.adapter.jdbc;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.jdbc.AutoCommitConnections;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Borrowing connections, for every MySQL adapter: always in auto-commit mode ({@link AutoCommitConnections},
 * the opening the dual-write helper uses too), never left borrowed when that fails, and a failure to get
 * one is unavailability.
 */
public final class Connections {
    private Connections() {
    }

    /**
     * A connection in auto-commit mode (the target has no transactions, so every statement must commit
     * on its own). Any failure to obtain one, including a pool's acquisition timeout that carries no
     * SQLState, is reported as {@code unavailable} (retryable); a connection that cannot be switched to
     * auto-commit is closed first.
     */
    public static Connection open(DataSource dataSource, ErrorCode unavailable, String what) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new FerryException(unavailable, what + ": cannot get a database connection: " + SqlErrors.describe(e), e);
        }
        try {
            return AutoCommitConnections.autoCommit(connection);
        } catch (SQLException e) {
            throw new FerryException(unavailable, what + ": cannot use the database connection: " + SqlErrors.describe(e), e);
        }
    }
}
