package dev.ferry.local.sample;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Binds and reads sample column values over JDBC.
 *
 * <p>Date-times are bound as {@code yyyy-MM-dd HH:mm:ss.SSS} text in the session time zone (UTC):
 * Connector/J drops fractional seconds of {@code LocalDateTime} parameters on MariaDB, whose
 * handshake reports version {@code 5.5.5-…}, older than MySQL's 5.6.4 that introduced them.
 */
public final class SqlValues {

    public static final DateTimeFormatter SQL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private SqlValues() {
    }

    public static void bind(PreparedStatement statement, int index, ColumnKind kind, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType(kind));
            return;
        }
        switch (kind) {
            case INTEGER -> statement.setLong(index, ((Number) value).longValue());
            case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
            case DOUBLE -> statement.setDouble(index, ((Number) value).doubleValue());
            case STRING, JSON -> statement.setString(index, (String) value);
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case DATE -> statement.setString(index, ((LocalDate) value).toString());
            case DATETIME, TIMESTAMP -> statement.setString(index, SQL_DATE_TIME.format((LocalDateTime) value));
            case BINARY -> statement.setBytes(index, (byte[]) value);
        }
    }

    public static Object read(ResultSet rs, int index, ColumnKind kind) throws SQLException {
        Object value = switch (kind) {
            case INTEGER -> rs.getLong(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> rs.getDouble(index);
            case STRING, JSON -> rs.getString(index);
            case BOOLEAN -> rs.getBoolean(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case DATETIME, TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case BINARY -> rs.getBytes(index);
        };
        return rs.wasNull() ? null : value;
    }

    private static int sqlType(ColumnKind kind) {
        return switch (kind) {
            case INTEGER -> Types.BIGINT;
            case DECIMAL -> Types.DECIMAL;
            case DOUBLE -> Types.DOUBLE;
            case STRING, JSON, DATE, DATETIME, TIMESTAMP -> Types.VARCHAR;
            case BOOLEAN -> Types.BOOLEAN;
            case BINARY -> Types.VARBINARY;
        };
    }
}
