package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of data moved as a unit: read from {@code {base}/data-migration/{remotePath}/} page by
 * page and upserted into {@code table}. Validated on construction; its names are safe for SQL.
 *
 * @param order    position in the plan; parents come before children (used by single-event mode)
 * @param pageSize   rows asked per page ({@code limit}); 1..10,000
 * @param changeFeed the remote's change feed for this data type, or null when it has none
 */
public record DataType(String name, String remotePath, String table, List<Column> columns,
                       List<String> primaryKey, int pageSize, int order, ChangeFeed changeFeed) {
    public static final int MAX_PAGE_SIZE = 10_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})*");

    public DataType {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "invalid data type name: " + Identifiers.excerpt(name));
        }
        remotePath = remotePath == null || remotePath.isBlank() ? name : remotePath;
        if (!PATH.matcher(remotePath).matches()) {
            throw new FerryException(ErrorCode.INVALID_PLAN, name + ": invalid remote path " + Identifiers.excerpt(remotePath));
        }
        Identifiers.requireSqlName(name + ".table", table);
        if (columns == null || columns.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_PLAN, name + ": no columns");
        }
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (Column c : columns) {
            if (!seen.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new FerryException(ErrorCode.INVALID_PLAN, name + ": duplicate column " + c.name());
            }
        }
        if (primaryKey == null || primaryKey.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_PLAN, name + ": no primary key");
        }
        primaryKey = List.copyOf(primaryKey);
        for (String pk : primaryKey) {
            if (!seen.contains(pk.toLowerCase(java.util.Locale.ROOT))) {
                throw new FerryException(ErrorCode.INVALID_PLAN, name + ": primary key column " + pk + " is not a column");
            }
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new FerryException(ErrorCode.INVALID_PLAN, name + ": pageSize must be 1.." + MAX_PAGE_SIZE);
        }
        if (changeFeed != null) {
            changeFeed.indexIn(name, columns);
        }
    }

    /** A data type without a change feed. */
    public DataType(String name, String remotePath, String table, List<Column> columns, List<String> primaryKey,
                    int pageSize, int order) {
        this(name, remotePath, table, columns, primaryKey, pageSize, order, null);
    }

    /** Whether the remote serves this data type's changes (and so later passes copy only what changed). */
    public boolean hasChangeFeed() {
        return changeFeed != null;
    }

    /** Position of the change feed's time column; only for a data type {@link #hasChangeFeed() with a feed}. */
    public int updatedAtIndex() {
        return changeFeed.indexIn(name, columns);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Positions of the primary key columns within {@link #columns()}. */
    public int[] primaryKeyIndexes() {
        // on every row's path (keys, prints, duplicate checks): plain loops, nothing allocated but the answer
        int[] indexes = new int[primaryKey.size()];
        for (int k = 0; k < indexes.length; k++) {
            indexes[k] = -1;
            String key = primaryKey.get(k);
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).name().equalsIgnoreCase(key)) {
                    indexes[k] = c;
                    break;
                }
            }
        }
        return indexes;
    }
}
