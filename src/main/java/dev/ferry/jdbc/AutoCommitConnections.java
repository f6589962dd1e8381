package dev.ferry.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Borrowing a connection for one auto-committed statement: the target databases take no explicit
 * transactions, so every statement must commit on its own, whatever mode a pool hands connections out in.
 * Shared by the dual-write helper's JDBC adapters and Ferry's own MySQL adapters. Only {@code java.sql}.
 */
public final class AutoCommitConnections {
    private AutoCommitConnections() {
    }

    /**
     * A connection of {@code dataSource} in auto-commit mode; as {@link #autoCommit}, it is closed when it
     * cannot be switched.
     */
    public static Connection open(DataSource dataSource) throws SQLException {
        return autoCommit(dataSource.getConnection());
    }

    /**
     * {@code connection}, switched to auto-commit mode if it is not. When that fails, the connection is
     * closed before the failure is thrown (a failure to close is added to it as suppressed), so no
     * connection is ever left borrowed.
     */
    public static Connection autoCommit(Connection connection) throws SQLException {
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
