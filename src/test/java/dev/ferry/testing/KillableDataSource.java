package dev.ferry.testing;

import com.mysql.cj.MysqlConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A DataSource that remembers the connection it last handed out on each thread, so a test can drop
 * it on the server ({@code KILL CONNECTION}) as a network failure or a server restart would: the
 * next statement on it fails with the driver's real disconnect error.
 */
public final class KillableDataSource extends DelegatingDataSource {
    private final ThreadLocal<Connection> lastBorrowed = new ThreadLocal<>();

    public KillableDataSource(DataSource delegate) {
        super(Objects.requireNonNull(delegate, "delegate"));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return remember(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return remember(delegate.getConnection(username, password));
    }

    private Connection remember(Connection connection) {
        lastBorrowed.set(connection);
        return connection;
    }

    /** Kills, on the server, the connection this thread borrowed last; false if there is none open. */
    public boolean killLastConnection() {
        Connection victim = lastBorrowed.get();
        try {
            if (victim == null || victim.isClosed()) {
                return false;
            }
        } catch (SQLException e) {
            return false;
        }
        kill(victim);
        return true;
    }

    /** Kills {@code victim} (a connection from this data source) on the server, from another connection. */
    public void kill(Connection victim) {
        try (Connection admin = delegate.getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("KILL CONNECTION " + victim.unwrap(MysqlConnection.class).getId());
        } catch (SQLException e) {
            throw new IllegalStateException("could not kill the connection", e);
        }
    }
}
