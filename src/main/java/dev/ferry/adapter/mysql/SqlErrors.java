package dev.ferry.adapter.mysql;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies and describes {@link SQLException}s from MySQL-compatible servers without leaking row
 * values: a description names the error code, the SQLState, a fixed phrase for well-known codes and,
 * where the server names them, the column or table (identifiers that come from the plan), never the
 * server's free text, which may quote the offending value.
 */
final class SqlErrors {
    /** MySQL/MariaDB: unknown database. */
    static final int UNKNOWN_DATABASE = 1049;
    /** MySQL/MariaDB/TiDB: table does not exist. */
    static final int NO_SUCH_TABLE = 1146;
    /** MySQL/MariaDB/TiDB: duplicate entry for a unique key. */
    static final int DUPLICATE_KEY = 1062;
    /** MySQL/MariaDB/TiDB: unknown column. */
    static final int UNKNOWN_COLUMN = 1054;
    /** MySQL/MariaDB/TiDB: duplicate column name (ALTER TABLE ADD COLUMN of a column that exists). */
    static final int DUPLICATE_COLUMN = 1060;
    /** MySQL/MariaDB/TiDB: can't create database; database exists. */
    static final int DATABASE_EXISTS = 1007;

    /**
     * Error codes worth retrying: the connection or the server went away, the statement lost a lock
     * race or timed out, or (TiDB) the cluster was briefly busy or changing schema.
     */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(
            1040, // too many connections
            1053, // server shutdown in progress
            1158, 1159, 1160, 1161, // network read/write errors and timeouts
            1205, // lock wait timeout
            1213, // deadlock
            1317, // query execution was interrupted
            1927, // MariaDB: connection was killed
            2002, 2003, 2006, 2013, // cannot connect, server has gone away, lost connection
            3024, // MySQL: maximum statement execution time exceeded
            8022, 8027, 8028, // TiDB: transaction retry failed, schema outdated, information schema changed
            9001, 9002, 9003, 9004, 9005, 9007 // TiDB: PD/TiKV timeout or busy, lock resolve, region unavailable, write conflict
    );

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
            Map.entry(1366, "incorrect value"),
            Map.entry(1406, "data too long"),
            Map.entry(3140, "invalid JSON text"),
            Map.entry(4025, "constraint failed")
    );

    /** Identifiers as Ferry writes them (plan names, ferry_ databases); anything else is not echoed. */
    private static final Pattern COLUMN = Pattern.compile("[Cc]olumn '([A-Za-z0-9_]{1,64})'");
    /** MariaDB's form: {@code for column `db`.`table`.`name`}. */
    private static final Pattern QUALIFIED_COLUMN = Pattern.compile("column `[^`]{1,64}`\\.`[^`]{1,64}`\\.`([A-Za-z0-9_]{1,64})`");
    private static final Pattern TABLE = Pattern.compile("[Tt]able '([A-Za-z0-9_.-]{1,130})'");
    private static final Pattern ROW = Pattern.compile("at row (\\d{1,9})");

    private SqlErrors() {
    }

    /** Whether trying again later can help: connection loss, timeouts, deadlocks, lock waits, busy servers. */
    static boolean isTransient(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
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
    static int code(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() != 0) {
                return s.getErrorCode();
            }
        }
        return 0;
    }

    /** The row the server names ("at row N", counted from 1 within the statement), or 0 when it names none. */
    static int rowNumber(SQLException e) {
        Matcher row = ROW.matcher(e.getMessage() == null ? "" : e.getMessage());
        return row.find() ? Integer.parseInt(row.group(1)) : 0;
    }

    static boolean isMissingDatabaseOrTable(SQLException e) {
        int code = code(e);
        return code == UNKNOWN_DATABASE || code == NO_SUCH_TABLE;
    }

    /**
     * A value-free description such as {@code MySQL error 1406 (22001) data too long, column 'name' at row 3},
     * or for a driver-side failure its exception class and SQLState.
     */
    static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder();
        int code = code(e);
        String state = e.getSQLState();
        if (code != 0) {
            sb.append("MySQL error ").append(code);
        } else {
            sb.append(e.getClass().getSimpleName());
        }
        if (state != null) {
            sb.append(" (").append(state).append(')');
        }
        String phrase = PHRASES.get(code);
        if (phrase != null) {
            sb.append(' ').append(phrase);
        } else if (isTransient(e)) {
            sb.append(" connection or server unavailable");
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher column = COLUMN.matcher(message);
        Matcher qualified = QUALIFIED_COLUMN.matcher(message);
        if (column.find()) {
            sb.append(", column '").append(column.group(1)).append('\'');
        } else if (qualified.find()) {
            sb.append(", column '").append(qualified.group(1)).append('\'');
        } else {
            Matcher table = TABLE.matcher(message);
            if (table.find()) {
                sb.append(", table '").append(table.group(1)).append('\'');
            }
        }
        Matcher row = ROW.matcher(message);
        if (row.find()) {
            sb.append(" at row ").append(row.group(1));
        }
        return sb.toString();
    }

    /** Like {@link #describe} plus the server's own message, cut short: only for SQL text Ferry itself owns (plan DDL). */
    static String describeWithMessage(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return describe(e) + (message.isEmpty() ? "" : ": " + message);
    }
}
