package dev.ferry.adapter.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A MySQL/MariaDB/TiDB schema as the plan generator sees it, read from {@code information_schema}
 * ({@link InformationSchemaReader}) or from {@code CREATE TABLE} statements ({@link DdlSchemaReader}).
 */
public record SourceSchema(List<Table> tables) {
    public SourceSchema {
        tables = List.copyOf(tables);
    }

    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * A column.
     *
     * @param type          the base type, lower case ({@code int}, {@code varchar}, {@code enum}, {@code point} …)
     * @param length        characters (char, varchar), bytes (binary, varbinary), bits (bit), display width (tinyint(1))
     * @param defaultSql    the DEFAULT clause's SQL ({@code 'abc'}, {@code 0}, {@code CURRENT_TIMESTAMP(3)}), null for none
     * @param generated     the expression of a generated column, null for a stored one
     */
    public record Column(String name, String type, Long length, Integer precision, Integer scale, Integer fsp,
                         boolean unsigned, boolean nullable, String charset, String collation, List<String> members,
                         String defaultSql, boolean autoIncrement, String onUpdate, String generated, boolean storedGenerated,
                         Integer srid, String comment) {
        public Column {
            type = type.toLowerCase(Locale.ROOT);
            members = members == null ? null : List.copyOf(members);
        }
    }

    /** Index kinds; FULLTEXT and SPATIAL are not carried to the destination (TiDB has neither). */
    public enum IndexKind { PRIMARY, UNIQUE, INDEX, FULLTEXT, SPATIAL }

    /** One column of an index, with its prefix length ({@code title(10)}) or null. */
    public record IndexPart(String column, Integer prefix) {
    }

    public record Index(String name, IndexKind kind, List<IndexPart> parts) {
        public Index {
            parts = List.copyOf(parts);
        }

        public List<String> columns() {
            return parts.stream().map(IndexPart::column).toList();
        }
    }

    public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns) {
    }

    /**
     * A table.
     *
     * @param averageRowLength bytes per row as the server estimates it, or null when unknown (DDL, empty tables)
     */
    public record Table(String name, List<Column> columns, List<Index> indexes, List<ForeignKey> foreignKeys,
                        String charset, String collation, Long averageRowLength, String comment) {
        public Table {
            columns = List.copyOf(columns);
            indexes = List.copyOf(indexes);
            foreignKeys = List.copyOf(foreignKeys);
        }

        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        }

        public Optional<Index> primaryKey() {
            return indexes.stream().filter(i -> i.kind() == IndexKind.PRIMARY).findFirst();
        }
    }
}
