package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.Objects;
import java.util.Set;

/**
 * A destination column.
 *
 * @param size      maximum characters (STRING) or bytes (BINARY); for INTEGER its storage size in bytes,
 *                  which sets its range: 1 TINYINT, 2 SMALLINT, 3 MEDIUMINT, 4 INT, 8 BIGINT (the default);
 *                  null means unbounded (BIGINT for INTEGER)
 * @param precision total digits for DECIMAL; null means unchecked
 * @param scale     digits after the point for DECIMAL; null means unchecked
 * @param nullable  whether NULL is allowed (false unless the plan says so)
 * @param unsigned  INTEGER only: no negative values, and twice the positive range
 */
public record Column(String name, ColumnType type, Integer size, Integer precision, Integer scale, boolean nullable,
                     boolean unsigned) {
    private static final Set<Integer> INTEGER_SIZES = Set.of(1, 2, 3, 4, 8);

    public Column {
        Identifiers.requireSqlName("column", name);
        Objects.requireNonNull(type, "type of column " + name);
        if (size != null && size < 1) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "column " + name + ": size must be positive");
        }
        if (type == ColumnType.INTEGER && size != null && !INTEGER_SIZES.contains(size)) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "column " + name
                    + ": an INTEGER's size is its bytes: 1, 2, 3, 4 or 8");
        }
        if (unsigned && type != ColumnType.INTEGER) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "column " + name + ": only INTEGER columns can be unsigned");
        }
        if (scale != null && (scale < 0 || (precision != null && scale > precision))) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "column " + name + ": scale out of range");
        }
    }

    /** A signed column (every type but an unsigned INTEGER). */
    public Column(String name, ColumnType type, Integer size, Integer precision, Integer scale, boolean nullable) {
        this(name, type, size, precision, scale, nullable, false);
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type, null, null, null, false);
    }

    public static Column nullable(String name, ColumnType type) {
        return new Column(name, type, null, null, null, true);
    }
}
