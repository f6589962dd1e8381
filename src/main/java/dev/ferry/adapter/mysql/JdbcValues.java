package dev.ferry.adapter.mysql;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.convert.ValueConverter;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.TimeText;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The one mapping between {@link dev.ferry.domain.page.Row} values and JDBC, used by every adapter
 * that writes or reads installation tables. Date-times are bound as text (some MySQL-compatible
 * servers report a version that makes Connector/J drop fractional seconds from temporal objects).
 */
public final class JdbcValues {
    private JdbcValues() {
    }

    /** Binds one value of a column; null binds SQL NULL of the column's type. */
    public static void bind(PreparedStatement ps, int index, Column column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, nullType(column.type()));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ps.setLong(index, ((Number) value).longValue());
        } else if (value instanceof BigInteger b) {
            ps.setBigDecimal(index, new BigDecimal(b));
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof Double d) {
            ps.setDouble(index, d);
        } else if (value instanceof Float f) {
            ps.setDouble(index, f.doubleValue()); // the float's exact value: the server rounds it back to the same float
        } else if (value instanceof Duration t) {
            ps.setString(index, TimeText.sql(t));
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof JsonText j) {
            ps.setString(index, j.json());
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof LocalDate d) {
            ps.setObject(index, d, Types.DATE);
        } else if (value instanceof LocalDateTime t) {
            ps.setString(index, SqlTimes.dateTime(t));
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else {
            throw new FerryException(ErrorCode.VALUE_CONVERSION, "column " + column.name()
                    + ": cannot bind a value of type " + value.getClass().getSimpleName());
        }
    }

    /**
     * What to SELECT to read a column back exactly: its name, except FLOAT ({@code `c` + 0e0}, its exact
     * value as a double: servers print a FLOAT with 6 significant digits) and TIME ({@code CAST(`c` AS CHAR)}:
     * Connector/J drops the sign of a TIME between -1 s and 0).
     */
    public static String selectExpression(Column column) {
        String name = Identifiers.quote(column.name());
        return switch (column.type()) {
            case FLOAT -> "(" + name + " + 0e0)";
            case TIME -> "CAST(" + name + " AS CHAR)";
            default -> name;
        };
    }

    /** Reads one column of a result row, typed as Row values are (JSON as JsonText, whole numbers as Long). */
    public static Object read(ResultSet rs, int index, Column column) throws SQLException {
        Object value = switch (column.type()) {
            case INTEGER -> {
                BigDecimal d = rs.getBigDecimal(index);
                if (d == null) {
                    yield null;
                }
                BigInteger i = d.toBigIntegerExact();
                yield i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            case DECIMAL -> rs.getBigDecimal(index);
            case FLOAT -> (float) rs.getDouble(index);
            case DOUBLE -> rs.getDouble(index);
            case BIT -> {
                byte[] bits = rs.getBytes(index);
                if (bits == null) {
                    yield null;
                }
                BigInteger i = new BigInteger(1, bits);
                yield i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            case STRING, ENUM, SET -> rs.getString(index);
            case BOOLEAN -> rs.getBoolean(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> {
                String text = rs.getString(index);
                yield text == null ? null : parseTime(column, text);
            }
            case YEAR -> rs.getInt(index);
            case DATETIME, TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case JSON -> {
                String json = rs.getString(index);
                yield json == null ? null : new JsonText(json);
            }
            case BINARY, UUID, GEOMETRY -> rs.getBytes(index);
        };
        return rs.wasNull() ? null : value;
    }

    /** A TIME as the server writes it; read as TIME values from a remote are (without the column's fsp check). */
    private static Duration parseTime(Column column, String text) {
        Column unchecked = Column.builder(column.name(), ColumnType.TIME).nullable(true).build();
        return (Duration) ValueConverter.convert(unchecked, text);
    }

    private static int nullType(ColumnType type) {
        return switch (type) {
            case INTEGER, BIT -> Types.BIGINT;
            case YEAR -> Types.INTEGER;
            case DECIMAL -> Types.DECIMAL;
            case FLOAT -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case STRING, JSON, ENUM, SET, TIME -> Types.VARCHAR;
            case BOOLEAN -> Types.BOOLEAN;
            case DATE -> Types.DATE;
            case DATETIME, TIMESTAMP -> Types.TIMESTAMP;
            case BINARY, UUID, GEOMETRY -> Types.VARBINARY;
        };
    }
}
