package dev.ferry.dualwrite;

import dev.ferry.jdbc.AutoCommitConnections;
import dev.ferry.jdbc.SqlErrorClassifier;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What the JDBC adapters share: identifier quoting, value binding and reading, auto-commit connections and
 * value-free SQL errors (the last two through {@code dev.ferry.jdbc}).
 */
final class JdbcSupport {
    /** Database names may also hold {@code -} (installation ids do); back-quoting keeps that safe. */
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private JdbcSupport() {
    }

    /** Validates a table or column name against {@link Names#SQL_NAME} and back-quotes it. */
    static String quoteName(String what, String name) {
        return '`' + Names.requireColumn(what, name) + '`';
    }

    /** Validates a database name (letters, digits, {@code _}, {@code -}; at most 64) and back-quotes it. */
    static String quoteDatabase(String name) {
        if (name == null || !DATABASE.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE.pattern() + ": "
                    + Names.excerpt(name));
        }
        return '`' + name + '`';
    }

    /** Binds a value; date-times as text, so no driver time-zone or precision conversion applies. */
    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ps.setLong(index, ((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            ps.setBigDecimal(index, new java.math.BigDecimal(b));
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (value instanceof LocalDateTime t) {
            ps.setString(index, DATE_TIME.format(t));
        } else if (value instanceof LocalDate d) {
            ps.setString(index, d.toString());
        } else if (value instanceof LocalTime t) {
            ps.setString(index, t.toString());
        } else {
            ps.setObject(index, value);
        }
    }

    /** Reads a column: date-times as {@link LocalDateTime}, dates as {@link LocalDate}, the rest as the driver gives it. */
    static Object read(ResultSet rs, int index, int sqlType) throws SQLException {
        Object value = switch (sqlType) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(index, LocalDateTime.class);
            case Types.DATE -> rs.getObject(index, LocalDate.class);
            case Types.TIME -> rs.getObject(index, LocalTime.class);
            default -> rs.getObject(index);
        };
        return rs.wasNull() ? null : value;
    }

    /**
     * A connection of {@code dataSource} in auto-commit mode, so each statement commits on its own whatever
     * mode the pool hands connections out in; closed again if it cannot be switched
     * ({@link AutoCommitConnections}, the opening Ferry's own MySQL adapters use too).
     */
    static Connection open(DataSource dataSource) throws SQLException {
        return AutoCommitConnections.open(dataSource);
    }

    /**
     * A value-free description: the vendor error code (the first along the cause chain), SQLState and the
     * fixed phrase of {@link SqlErrorClassifier}; never the server's text, which may quote values.
     */
    static SideException describe(String what, SQLException e) {
        int vendor = SqlErrorClassifier.code(e);
        String state = e.getSQLState() == null ? "none" : e.getSQLState();
        String code = vendor > 0 ? "SQL" + vendor : "SQLSTATE" + state;
        String phrase = SqlErrorClassifier.phrase(vendor);
        if (phrase == null) {
            phrase = state.startsWith("08") ? "connection failure" : "SQL error";
        }
        return new SideException(code, what + ": " + phrase + " (error " + vendor + ", SQLState " + state + ")");
    }
}
