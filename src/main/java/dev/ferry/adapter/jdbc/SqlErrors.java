package dev.ferry.adapter.jdbc;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.jdbc.SqlErrorClassifier;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ferry's view of {@link SQLException}s from MySQL-compatible servers, for every MySQL adapter (job store,
 * row sink, schema migrator, installation databases, key ranges, verification store, row deleter, import
 * ledger). The classification itself (transient or not, the server's code, its phrase) is
 * {@link SqlErrorClassifier}'s, the one the dual-write helper's JDBC adapters use too; this class adds
 * Ferry's value-free descriptions: a description names the error code, the SQLState, the fixed phrase for
 * well-known codes and, where the server names them, the column or table (identifiers that come from the
 * plan), never the server's free text, which may quote the offending value.
 */
public final class SqlErrors {
    /** MySQL/MariaDB: unknown database. */
    public static final int UNKNOWN_DATABASE = 1049;
    /** MySQL/MariaDB/TiDB: table does not exist. */
    public static final int NO_SUCH_TABLE = 1146;
    /** MySQL/MariaDB/TiDB: duplicate entry for a unique key. */
    public static final int DUPLICATE_KEY = 1062;
    /** MySQL/MariaDB/TiDB: unknown column. */
    public static final int UNKNOWN_COLUMN = 1054;
    /** MySQL/MariaDB/TiDB: duplicate column name (ALTER TABLE ADD COLUMN of a column that exists). */
    public static final int DUPLICATE_COLUMN = 1060;
    /** MySQL/MariaDB/TiDB: can't create database; database exists. */
    public static final int DATABASE_EXISTS = 1007;

    /** Identifiers as Ferry writes them (plan names, ferry_ databases); anything else is not echoed. */
    private static final Pattern COLUMN = Pattern.compile("[Cc]olumn '([A-Za-z0-9_]{1,64})'");
    /** MariaDB's form: {@code for column `db`.`table`.`name`}. */
    private static final Pattern QUALIFIED_COLUMN = Pattern.compile("column `[^`]{1,64}`\\.`[^`]{1,64}`\\.`([A-Za-z0-9_]{1,64})`");
    private static final Pattern TABLE = Pattern.compile("[Tt]able '([A-Za-z0-9_.-]{1,130})'");
    private static final Pattern ROW = Pattern.compile("at row (\\d{1,9})");

    private SqlErrors() {
    }

    /** Whether trying again later can help: connection loss, timeouts, deadlocks, lock waits, busy servers. */
    public static boolean isTransient(SQLException e) {
        return SqlErrorClassifier.isTransient(e);
    }

    /** The server's error code of the first SQLException in the cause chain that has one, else 0. */
    public static int code(SQLException e) {
        return SqlErrorClassifier.code(e);
    }

    /** The row the server names ("at row N", counted from 1 within the statement), or 0 when it names none. */
    public static int rowNumber(SQLException e) {
        Matcher row = ROW.matcher(e.getMessage() == null ? "" : e.getMessage());
        return row.find() ? Integer.parseInt(row.group(1)) : 0;
    }

    public static boolean isMissingDatabaseOrTable(SQLException e) {
        int code = code(e);
        return code == UNKNOWN_DATABASE || code == NO_SUCH_TABLE;
    }

    /**
     * A value-free description such as {@code MySQL error 1406 (22001) data too long, column 'name' at row 3},
     * or for a driver-side failure its exception class and SQLState.
     */
    public static String describe(SQLException e) {
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
        String phrase = SqlErrorClassifier.phrase(code);
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
    public static String describeWithMessage(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return describe(e) + (message.isEmpty() ? "" : ": " + message);
    }

    /**
     * A failed statement on an installation database: SINK_UNAVAILABLE (retryable, with the driver's
     * exception as its cause) when {@link #isTransient transient}, else SINK_REJECTED (permanent) without
     * the cause, whose message may quote row values.
     */
    public static FerryException sinkFailure(SQLException e, String what) {
        if (isTransient(e)) {
            return new FerryException(ErrorCode.SINK_UNAVAILABLE, what + " failed: " + describe(e), e);
        }
        return new FerryException(ErrorCode.SINK_REJECTED, what + " was refused: " + describe(e));
    }
}
