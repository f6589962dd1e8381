package dev.ferry.testing;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source without a server, for how adapters borrow connections: each connection it hands out is
 * not in auto-commit mode, and switching it fails with {@code autoCommitFailure} (or succeeds when that is
 * null); every other connection method fails. Counts connections handed out, switched and closed.
 */
public final class StubConnections {
    private final SQLException autoCommitFailure;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger switched = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    public StubConnections(SQLException autoCommitFailure) {
        this.autoCommitFailure = autoCommitFailure;
    }

    /** A data source whose {@code getConnection()} hands out such connections; other methods fail. */
    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> connection();
                    case "toString" -> "StubConnections.dataSource";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Connection connection() {
        opened.incrementAndGet();
        boolean[] autoCommit = {false};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAutoCommit" -> autoCommit[0];
                    case "setAutoCommit" -> {
                        if (autoCommitFailure != null) {
                            throw autoCommitFailure;
                        }
                        autoCommit[0] = (Boolean) args[0];
                        switched.incrementAndGet();
                        yield null;
                    }
                    case "close" -> {
                        closed.incrementAndGet();
                        yield null;
                    }
                    case "toString" -> "StubConnections.connection";
                    default -> throw new SQLException("not supported by the stub: " + method.getName(), "0A000");
                });
    }

    public int opened() {
        return opened.get();
    }

    public int switched() {
        return switched.get();
    }

    public int closed() {
        return closed.get();
    }
}
