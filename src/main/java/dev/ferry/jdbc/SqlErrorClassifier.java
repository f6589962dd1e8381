package dev.ferry.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Set;

/**
 * The one classification of {@link SQLException}s from MySQL-compatible servers (TiDB, MySQL, MariaDB):
 * whether trying again later can help, the server's error code, and a fixed, value-free phrase for the
 * well-known codes. Both the dual-write helper's JDBC adapters and Ferry's own MySQL adapters classify
 * through it; each formats its own messages. Only {@code java.sql}.
 *
 * <p>The driver often wraps the server's error (a batch update, a communications failure), so the code
 * and the transient kinds are looked for along the cause chain, up to ten levels deep.
 */
public final class SqlErrorClassifier {
    /** How deep the cause chain is searched. */
    private static final int MAX_DEPTH = 10;

    /**
     * Error codes worth retrying: the connection or the server went away, the statement lost a lock
     * race or timed out, or (TiDB) the cluster was briefly busy or changing schema.
     */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(
            1040, // too many connections
            1053, // server shutdown in progress
            1152, // aborted connection
            1158, 1159, 1160, 1161, // network read/write errors and timeouts
            1205, // lock wait timeout
            1213, // deadlock
            1317, // query execution was interrupted
            1927, // MariaDB: connection was killed
            2002, 2003, 2006, 2013, // cannot connect, server has gone away, lost connection
            3024, // MySQL: maximum statement execution time exceeded
            8002, // TiDB: a SELECT … FOR UPDATE lost a write conflict and cannot be retried by the server
            8022, 8027, 8028, // TiDB: transaction retry failed, schema outdated, information schema changed
            9001, 9002, 9003, 9004, 9005, 9007 // TiDB: PD/TiKV timeout or busy, lock resolve, region unavailable, write conflict
    );

    /** Fixed phrases for well-known codes; never the server's text, which may quote values. */
    private static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(1044, "access denied to database"),
            Map.entry(1045, "access denied"),
            Map.entry(1048, "NULL in a NOT NULL column"),
            Map.entry(1049, "unknown database"),
            Map.entry(1054, "unknown column"),
            Map.entry(1062, "duplicate key"),
            Map.entry(1064, "SQL syntax error"),
            Map.entry(1142, "command denied"),
            Map.entry(1146, "table does not exist"),
            Map.entry(1153, "request larger than max_allowed_packet"),
            Map.entry(1205, "lock wait timeout"),
            Map.entry(1213, "deadlock"),
            Map.entry(1264, "value out of range"),
            Map.entry(1265, "data truncated"),
            Map.entry(1292, "incorrect date/time value"),
            Map.entry(1364, "a column without default has no value"),
            Map.entry(1366, "incorrect value"),
            Map.entry(1406, "data too long"),
            Map.entry(2002, "cannot connect"),
            Map.entry(2003, "cannot connect"),
            Map.entry(2006, "server has gone away"),
            Map.entry(2013, "lost connection"),
            Map.entry(3140, "invalid JSON text"),
            Map.entry(4025, "constraint failed")
    );

    private SqlErrorClassifier() {
    }

    /**
     * Whether trying again later can help: a {@link SQLTransientException} or {@link SQLRecoverableException},
     * a connection SQLState ({@code 08…}), a serialization failure ({@code 40001}), or a transient server code,
     * anywhere along the cause chain.
     */
    public static boolean isTransient(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("40001"))) {
                    return true;
                }
                if (TRANSIENT_CODES.contains(s.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server's error code of the first SQLException in the cause chain that has one, else 0. */
    public static int code(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() != 0) {
                return s.getErrorCode();
            }
        }
        return 0;
    }

    /** The fixed phrase for a server error code, such as {@code "data too long"}, or null for a code without one. */
    public static String phrase(int code) {
        return PHRASES.get(code);
    }
}
