package dev.ferry.chaos;

import dev.ferry.testing.KillableDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The database as the chaos suite sees it: in non-calm deliveries, borrowing a connection may fail,
 * a connection may be killed on the server just before a statement (which then fails for real), or
 * right after a statement committed (its answer is lost: the caller sees a disconnect although the
 * change is in). Everything else passes straight through to the pool.
 */
final class ChaosDataSource extends dev.ferry.testing.DelegatingDataSource {
    private final KillableDataSource killable;
    private final ScenarioPlan plan;
    private final FaultCounts faults;

    ChaosDataSource(KillableDataSource delegate, ScenarioPlan plan, FaultCounts faults) {
        super(delegate);
        this.killable = delegate;
        this.plan = plan;
        this.faults = faults;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Delivery delivery = Delivery.faultable();
        if (delivery != null && delivery.chance(plan.dbFaultRate / 2)) {
            faults.add(FaultKind.DB_CONNECTION_REFUSED);
            throw new SQLTransientConnectionException("injected: no connection available", "08001");
        }
        Connection real = killable.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionFaults(real));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the chaos data source uses the pool's credentials");
    }

    /** Hands out statements that may drop the connection around their execution. */
    private final class ConnectionFaults implements InvocationHandler {
        private final Connection real;

        ConnectionFaults(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = call(real, method, args);
            if (result instanceof PreparedStatement statement) {
                return wrap(statement, PreparedStatement.class);
            }
            if (result instanceof Statement statement) {
                return wrap(statement, Statement.class);
            }
            return result;
        }

        private Object wrap(Statement statement, Class<? extends Statement> type) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> method.getName().startsWith("execute")
                            ? execute(statement, method, args) : call(statement, method, args));
        }

        private Object execute(Statement statement, Method method, Object[] args) throws Throwable {
            Delivery delivery = Delivery.faultable();
            if (delivery == null || !delivery.chance(plan.dbFaultRate)) {
                return call(statement, method, args);
            }
            if (delivery.chance(0.5)) {
                faults.add(FaultKind.DB_DROPPED_BEFORE_STATEMENT);
                killable.kill(real);
                return call(statement, method, args);
            }
            call(statement, method, args);
            killable.kill(real);
            faults.add(FaultKind.DB_DROPPED_AFTER_COMMIT);
            throw new SQLRecoverableException("injected: connection lost after the statement ran", "08S01");
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
