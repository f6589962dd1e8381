package dev.ferry.dualwrite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One upsert or delete of one row, identified by installation, data type (the table) and primary key.
 *
 * <p>{@code values} are the row's non-key columns for {@link Operation#UPSERT} (names are plain SQL
 * identifiers, values may be null for SQL NULL; a key column in it is rejected, the key carries those) and
 * are empty for {@link Operation#DELETE}. An upsert with no non-key columns (a table made of its key
 * alone) is allowed. The map is copied and kept in the caller's iteration order; {@code byte[]} values are
 * not copied.
 *
 * <p>Applying the same write twice leaves the same row as applying it once. {@link #toString()} names the
 * columns but never shows a value.
 *
 * @param operation upsert or delete
 * @param installationId the customer installation, 1 to 64 characters without whitespace
 * @param dataType the data type, also the table name for {@link JdbcSide}
 * @param key the row's primary key
 * @param values the non-key columns of an upsert (empty for a delete)
 */
public record Write(Operation operation, String installationId, String dataType, PrimaryKeyValues key,
                    Map<String, Object> values) {

    public Write {
        Objects.requireNonNull(operation, "operation");
        Names.requireInstallationId(installationId);
        Names.requireDataType(dataType);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
        if (operation == Operation.DELETE && !values.isEmpty()) {
            throw new IllegalArgumentException("a delete carries no column values");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String column = Names.requireColumn("column", e.getKey());
            if (key.contains(column)) {
                throw new IllegalArgumentException("column " + column + " is a key column; the key carries it");
            }
            for (String seen : copy.keySet()) {
                if (seen.equalsIgnoreCase(column)) {
                    throw new IllegalArgumentException("column appears twice: " + column);
                }
            }
            copy.put(column, e.getValue());
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** An upsert of the row with {@code key}, setting {@code values} (the non-key columns). */
    public static Write upsert(String installationId, String dataType, PrimaryKeyValues key, Map<String, ?> values) {
        return new Write(Operation.UPSERT, installationId, dataType, key,
                new LinkedHashMap<String, Object>(Objects.requireNonNull(values, "values")));
    }

    /** A delete of the row with {@code key}. */
    public static Write delete(String installationId, String dataType, PrimaryKeyValues key) {
        return new Write(Operation.DELETE, installationId, dataType, key, Map.of());
    }

    /** Names only: operation, installation, data type, key columns and value columns; never a value. */
    @Override
    public String toString() {
        return "Write[" + operation + " " + installationId + "/" + dataType + " key" + key.columns()
                + (operation == Operation.UPSERT ? " columns" + values.keySet() : "") + "]";
    }
}
