package dev.ferry.local.sample;

import java.util.List;

/**
 * One data type of the sample app: a source table with an {@code installation_id} column next to
 * the migrated {@link #columns()}, served at {@code /data-migration/{remotePath}/}.
 *
 * @param dataType   the data type name, also the source table name
 * @param remotePath the path segment the remote serves it under
 * @param columns    the migrated columns, in the order of the plan and of the remote's headers
 * @param primaryKey the key columns within one installation, in key order
 * @param sourceDdl  the source table's CREATE TABLE statement
 */
public record SampleTable(String dataType, String remotePath, List<SampleColumn> columns,
                          List<String> primaryKey, String sourceDdl) {

    public SampleTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** The migrated column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(SampleColumn::name).toList();
    }

    /** Positions of the key columns within {@link #columns()}, in key order. */
    public int[] keyIndexes() {
        List<String> names = columnNames();
        return primaryKey.stream().mapToInt(names::indexOf).toArray();
    }

    /** Whether the key is one INTEGER column (numeric cursor) rather than a composite (opaque cursor). */
    public boolean hasSingleIntegerKey() {
        return primaryKey.size() == 1 && columns.get(keyIndexes()[0]).kind() == ColumnKind.INTEGER;
    }

    /** The key values of a row given in column order. */
    public List<Object> keyOf(List<Object> row) {
        int[] indexes = keyIndexes();
        Object[] key = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            key[i] = row.get(indexes[i]);
        }
        return List.of(key);
    }
}
