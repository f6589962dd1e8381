package dev.ferry.adapter.blocks;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/** JDBC helpers of the blocks adapters: auto-commit connections, parameter binding, error translation. */
final class JdbcSupport {
    /** Lost connections, lock waits, deadlocks, server shutdown: worth retrying. */
    private static final Set<Integer> TRANSIENT = Set.of(1205, 1213, 1040, 1053, 2002, 2003, 2006, 2013, 1152, 1158,
            1159, 1160, 1161, 8002, 9007);

    private JdbcSupport() {
    }

    static Connection open(DataSource dataSource, String what) {
        try {
            Connection c = dataSource.getConnection();
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, what + ": cannot get a database connection: "
                    + describe(e), e);
        }
    }

    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return TRANSIENT.contains(e.getErrorCode()) || (state != null && (state.startsWith("08") || state.equals("40001")))
                || e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException;
    }

    static FerryException translate(SQLException e, String what) {
        if (isTransient(e)) {
            return new FerryException(ErrorCode.SINK_UNAVAILABLE, what + " failed: " + describe(e), e);
        }
        // not chained: the driver's message may quote row values
        return new FerryException(ErrorCode.SINK_REJECTED, what + " was refused: " + describe(e));
    }

    /** Error code and SQLState, never the driver's message (it may quote values). */
    static String describe(SQLException e) {
        return "error " + e.getErrorCode() + " (SQLState " + e.getSQLState() + ")";
    }
}
