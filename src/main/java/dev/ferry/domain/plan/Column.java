package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.Objects;

/**
 * A destination column.
 *
 * @param size      maximum characters (STRING) or bytes (BINARY); null means unbounded
 * @param precision total digits for DECIMAL; null means unchecked
 * @param scale     digits after the point for DECIMAL; null means unchecked
 */
public record Column(String name, ColumnType type, Integer size, Integer precision, Integer scale, boolean nullable) {
    public Column {
        Identifiers.requireSqlName("column", name);
        Objects.requireNonNull(type, "type of column " + name);
        if (size != null && size < 1) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "column " + name + ": size must be positive");
        }
        if (scale != null && (scale < 0 || (precision != null && scale > precision))) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "column " + name + ": scale out of range");
        }
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type, null, null, null, false);
    }

    public static Column nullable(String name, ColumnType type) {
        return new Column(name, type, null, null, null, true);
    }
}
