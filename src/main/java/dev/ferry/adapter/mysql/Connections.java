package dev.ferry.adapter.mysql;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Borrowing connections: always in auto-commit mode, and a failure to get one is unavailability. */
final class Connections {
    private Connections() {
    }

    /**
     * A connection in auto-commit mode (the target has no transactions, so every statement must commit
     * on its own). Any failure to obtain one, including a pool's acquisition timeout that carries no
     * SQLState, is reported as {@code unavailable} (retryable).
     */
    static Connection open(DataSource dataSource, ErrorCode unavailable, String what) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new FerryException(unavailable, what + ": cannot get a database connection: " + SqlErrors.describe(e), e);
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new FerryException(unavailable, what + ": cannot use the database connection: " + SqlErrors.describe(e), e);
        }
    }

    static void closeQuietly(AutoCloseable closeable, Throwable primary) {
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
