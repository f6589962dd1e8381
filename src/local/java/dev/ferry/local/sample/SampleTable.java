package dev.ferry.local.sample;

import java.util.List;
import java.util.Optional;

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

    /** The change feed's time column name. */
    public static final String UPDATED_AT = "updated_at";

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

    /**
     * The change feed's time column: {@code updated_at} when the table has one (a DATETIME or
     * TIMESTAMP set on every insert and update). Only such tables serve {@code /changes} and
     * {@code /deletions}, and keep tombstones in {@link #deletionsTable()}.
     */
    public Optional<SampleColumn> updatedAt() {
        return columns.stream()
                .filter(c -> c.name().equals(UPDATED_AT) && (c.kind() == ColumnKind.DATETIME || c.kind() == ColumnKind.TIMESTAMP))
                .findFirst();
    }

    /** Whether the table has a change feed (see {@link #updatedAt()}). */
    public boolean hasChangeFeed() {
        return updatedAt().isPresent();
    }

    /** Position of {@code updated_at} within {@link #columns()}; only for a table with a change feed. */
    public int updatedAtIndex() {
        return columnNames().indexOf(updatedAt().orElseThrow(
                () -> new IllegalStateException(dataType + " has no change feed")).name());
    }

    /** The tombstones table of a table with a change feed: its key columns and {@code deleted_at}. */
    public String deletionsTable() {
        return dataType + "_deletions";
    }

    /**
     * Whether the source table's primary key leads with {@code installation_id}, so the same key may
     * exist in several installations; otherwise the key is unique across all installations.
     */
    public boolean keyIsPerInstallation() {
        return sourceDdl.replaceAll("\\s+", " ").contains("PRIMARY KEY (installation_id,");
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
