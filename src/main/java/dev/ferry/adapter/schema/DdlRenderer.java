package dev.ferry.adapter.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The destination DDL of a source table, within what TiDB and Forge SQL accept: the same columns,
 * primary key, unique and ordinary indexes, charset and collation, but no foreign keys (they have
 * none), and no FULLTEXT or SPATIAL indexes.
 */
final class DdlRenderer {
    private DdlRenderer() {
    }

    static String createTable(SourceSchema.Table t) {
        List<String> lines = new ArrayList<>();
        for (SourceSchema.Column c : t.columns()) {
            lines.add("  " + column(c, t));
        }
        for (SourceSchema.Index i : t.indexes()) {
            String parts = String.join(", ", i.parts().stream()
                    .map(p -> "`" + p.column() + "`" + (p.prefix() == null ? "" : "(" + p.prefix() + ")")).toList());
            switch (i.kind()) {
                case PRIMARY -> lines.add("  PRIMARY KEY (" + parts + ")");
                case UNIQUE -> lines.add("  UNIQUE KEY `" + i.name() + "` (" + parts + ")");
                case INDEX -> lines.add("  KEY `" + i.name() + "` (" + parts + ")");
                default -> {
                    // FULLTEXT and SPATIAL: none on the destination (reported by the generator)
                }
            }
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS `").append(t.name()).append("` (\n");
        sql.append(String.join(",\n", lines)).append("\n)");
        if (t.charset() != null) {
            sql.append(" DEFAULT CHARSET=").append(t.charset());
        }
        if (t.collation() != null) {
            sql.append(" COLLATE=").append(t.collation());
        }
        return sql.toString();
    }

    /** {@code ALTER TABLE `t` ADD COLUMN IF NOT EXISTS <column> AFTER `previous`} (or FIRST). */
    static String addColumn(SourceSchema.Table t, SourceSchema.Column c, String after) {
        return "ALTER TABLE `" + t.name() + "` ADD COLUMN IF NOT EXISTS " + column(c, t)
                + (after == null ? " FIRST" : " AFTER `" + after + "`");
    }

    static String modifyColumn(SourceSchema.Table t, SourceSchema.Column c) {
        return "ALTER TABLE `" + t.name() + "` MODIFY COLUMN " + column(c, t);
    }

    static String column(SourceSchema.Column c, SourceSchema.Table t) {
        StringBuilder sql = new StringBuilder("`").append(c.name()).append("` ").append(TypeMapping.sqlType(c));
        if (c.charset() != null && !Objects.equals(c.charset(), t.charset())) {
            sql.append(" CHARACTER SET ").append(c.charset());
        }
        if (c.collation() != null && !Objects.equals(c.collation(), t.collation())) {
            sql.append(" COLLATE ").append(c.collation());
        }
        if (c.generated() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(c.generated()).append(c.storedGenerated() ? ") STORED" : ") VIRTUAL");
        }
        if (c.generated() == null) {
            sql.append(c.nullable() ? " NULL" : " NOT NULL");
        }
        if (c.defaultSql() != null && !(c.defaultSql().equalsIgnoreCase("NULL") && !c.nullable())) {
            sql.append(" DEFAULT ").append(c.defaultSql());
        }
        if (c.onUpdate() != null) {
            sql.append(" ON UPDATE ").append(c.onUpdate());
        }
        if (c.autoIncrement()) {
            sql.append(" AUTO_INCREMENT");
        }
        if (c.srid() != null) {
            sql.append(" SRID ").append(c.srid());
        }
        if (c.comment() != null) {
            sql.append(" COMMENT ").append(TypeMapping.literal(c.comment()));
        }
        return sql.toString();
    }
}
