package dev.ferry.local.sample;

import dev.ferry.local.engine.MySqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/** A few reusable connections to one database; a connection that saw an error is discarded. */
final class ConnectionPool implements AutoCloseable {

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static final int MAX_IDLE = 8;
    /**
     * Server-side prepared statements, kept per connection: the remote's page queries are parsed and
     * planned once per connection, and their rows come in the binary protocol.
     */
    private static final String STATEMENT_CACHE =
            "&useServerPrepStmts=true&cachePrepStmts=true&prepStmtCacheSize=256&prepStmtCacheSqlLimit=16384";

    private final MySqlServer server;
    private final String database;
    private final BlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    ConnectionPool(MySqlServer server, String database) {
        this.server = server;
        this.database = database;
    }

    /** Runs the work on a pooled connection (autocommit on); SQL errors become unchecked. */
    <T> T with(SqlWork<T> work) {
        if (closed) {
            throw new IllegalStateException("The connection pool is closed");
        }
        Connection connection = null;
        try {
            connection = borrow();
            T result = work.apply(connection);
            release(connection);
            return result;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private Connection borrow() throws SQLException {
        Connection connection = idle.pollFirst();
        return connection != null ? connection : DriverManager.getConnection(server.jdbcUrl(database) + STATEMENT_CACHE,
                server.username(), server.password());
    }

    private void release(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        if (closed || !idle.offerFirst(connection) || idle.size() > MAX_IDLE) {
            idle.remove(connection);
            connection.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
