package dev.ferry.adapter.schema;

import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Turns a source schema into a migration plan, without touching any database: data types in
 * parent-before-child order (from foreign keys, which the destination DDL then leaves out), keyed by
 * the primary key (or, for a table without one, a unique key over NOT NULL columns), every column
 * mapped, a page size from the average row length, and the destination DDL as schema versions.
 * Given the plan generated before, it keeps that plan's versions as they are (they may have been
 * applied) and adds one version with what changed: new tables, new columns, columns whose type or
 * nullability changed. What it cannot carry over is said in {@link Result#notes()}.
 */
public final class PlanGenerator {
    /** A page's rows aim at this many bytes as the database stores them, half of a 1 MiB request. */
    static final long PAGE_BYTES = 512 * 1024;

    private PlanGenerator() {
    }

    /** The plan, and what the generator wants its reader to know (skipped tables, dropped foreign keys …). */
    public record Result(MigrationPlan plan, List<String> notes, boolean newVersion) {
    }

    public static Result generate(SourceSchema schema, MigrationPlan previous, String name, MigrationMode mode) {
        List<String> notes = new ArrayList<>();
        List<SourceSchema.Table> migrated = new ArrayList<>();
        List<DataType> dataTypes = new ArrayList<>();
        int order = 1;
        Map<String, Integer> previousOrder = new HashMap<>();
        if (previous != null) {
            previous.dataTypes().forEach(d -> previousOrder.put(d.table().toLowerCase(Locale.ROOT), d.order()));
        }
        for (SourceSchema.Table table : parentsFirst(schema, previousOrder, notes)) {
            Optional<DataType> planned = previous == null ? Optional.empty() : previous.dataTypes().stream()
                    .filter(d -> d.table().equalsIgnoreCase(table.name())).findFirst();
            DataType dataType = dataType(table, planned, order, notes);
            if (dataType == null) {
                continue;
            }
            migrated.add(table);
            dataTypes.add(dataType);
            order++;
            for (SourceSchema.ForeignKey fk : table.foreignKeys()) {
                notes.add(table.name() + ": foreign key " + (fk.name() == null ? "" : fk.name() + " ") + "(" + String.join(", ", fk.columns())
                        + ") -> " + fk.referencedTable() + " (" + String.join(", ", fk.referencedColumns())
                        + ") orders the data types and is not created on the destination (TiDB and Forge SQL have none)");
            }
            for (SourceSchema.Index i : table.indexes()) {
                if (i.kind() == SourceSchema.IndexKind.FULLTEXT || i.kind() == SourceSchema.IndexKind.SPATIAL) {
                    notes.add(table.name() + ": " + i.kind() + " index " + i.name() + " is not created on the destination");
                }
            }
        }
        if (dataTypes.isEmpty()) {
            throw new FerryException(dev.ferry.domain.error.ErrorCode.INVALID_PLAN, "no table of the schema can be migrated: "
                    + String.join("; ", notes));
        }
        List<SchemaScript> scripts = new ArrayList<>();
        boolean newVersion = false;
        if (previous == null) {
            scripts.add(new SchemaScript(1, "create tables", migrated.stream().map(DdlRenderer::createTable).toList()));
            newVersion = true;
        } else {
            scripts.addAll(previous.schema());
            SchemaScript changes = changes(previous, migrated, schema, notes);
            if (changes != null) {
                scripts.add(changes);
                newVersion = true;
            } else {
                notes.add("the destination schema is unchanged: no new schema version");
            }
            for (DataType d : previous.dataTypes()) {
                if (schema.table(d.table()).isEmpty()) {
                    notes.add(d.table() + ": no longer in the source; its data type leaves the plan (the destination keeps the table)");
                }
            }
        }
        MigrationPlan plan = new MigrationPlan(previous == null ? name : previous.name(),
                previous == null ? mode : previous.mode(), dataTypes, scripts, previous == null ? null : previous.sync());
        return new Result(plan, List.copyOf(notes), newVersion);
    }

    private static DataType dataType(SourceSchema.Table table, Optional<DataType> planned, int order, List<String> notes) {
        List<Column> columns = new ArrayList<>();
        try {
            Identifiers.requireSqlName("table", table.name());
            for (SourceSchema.Column c : table.columns()) {
                if (c.generated() != null) {
                    notes.add(table.name() + "." + c.name() + ": generated column, computed by the destination, not migrated");
                    continue;
                }
                columns.add(TypeMapping.column(c));
            }
        } catch (TypeMapping.Unsupported | FerryException e) {
            notes.add(table.name() + ": skipped, " + e.getMessage());
            return null;
        }
        List<String> key = key(table, notes);
        if (key == null) {
            return null;
        }
        long averageRow = table.averageRowLength() != null ? table.averageRowLength() : estimateRowBytes(table);
        int pageSize = pageSize(averageRow);
        if (planned.isEmpty()) {
            notes.add(table.name() + ": page size " + pageSize + " for rows of about " + averageRow + " bytes ("
                    + (table.averageRowLength() != null ? "the server's average" : "estimated from the column types") + ")");
        }
        String name = planned.map(DataType::name).orElse(table.name());
        String remotePath = planned.map(DataType::remotePath).orElse(null);
        int size = planned.map(DataType::pageSize).orElse(pageSize);
        ChangeFeed feed = planned.map(DataType::changeFeed).filter(f -> columns.stream()
                .anyMatch(c -> c.name().equalsIgnoreCase(f.updatedAt()))).orElse(null);
        try {
            return new DataType(name, remotePath, table.name(), columns, key, size, order, feed);
        } catch (FerryException e) {
            notes.add(table.name() + ": skipped, " + e.getMessage());
            return null;
        }
    }

    /** The primary key, else the unique key over the fewest NOT NULL columns (no prefixes); null when none. */
    private static List<String> key(SourceSchema.Table table, List<String> notes) {
        Optional<SourceSchema.Index> pk = table.primaryKey();
        if (pk.isPresent()) {
            return pk.get().columns().stream().map(c -> table.column(c).map(SourceSchema.Column::name).orElse(c)).toList();
        }
        Optional<SourceSchema.Index> unique = table.indexes().stream()
                .filter(i -> i.kind() == SourceSchema.IndexKind.UNIQUE)
                .filter(i -> i.parts().stream().allMatch(p -> p.prefix() == null && table.column(p.column())
                        .map(c -> !c.nullable() && c.generated() == null).orElse(false)))
                .min(Comparator.comparingInt((SourceSchema.Index i) -> i.parts().size()).thenComparing(SourceSchema.Index::name));
        if (unique.isEmpty()) {
            notes.add(table.name() + ": skipped, it has no primary key and no unique key over NOT NULL columns to key its rows by");
            return null;
        }
        notes.add(table.name() + ": has no primary key; rows are keyed by its unique key " + unique.get().name() + " ("
                + String.join(", ", unique.get().columns()) + ")");
        return unique.get().columns();
    }

    /** Rows per page: {@link #PAGE_BYTES} over the row length, rounded down to 1, 2 or 5 times a power of ten, 1 to 10,000. */
    static int pageSize(long averageRowBytes) {
        long rows = Math.max(1, PAGE_BYTES / Math.max(1, averageRowBytes));
        long nice = 1;
        for (long p = 1; p <= 10_000; p *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * p <= rows) {
                    nice = m * p;
                }
            }
        }
        return (int) Math.min(DataType.MAX_PAGE_SIZE, nice);
    }

    /** A row's bytes from its column types, for tables the server has no average for. */
    static long estimateRowBytes(SourceSchema.Table table) {
        long bytes = 20;
        for (SourceSchema.Column c : table.columns()) {
            long n = c.length() == null ? 0 : c.length();
            bytes += switch (c.type()) {
                case "tinyint", "year", "enum" -> 1;
                case "smallint" -> 2;
                case "mediumint", "date", "time" -> 3;
                case "int", "float", "timestamp" -> 4;
                case "bigint", "double", "datetime", "set" -> 8;
                case "decimal" -> c.precision() == null ? 8 : c.precision() / 2 + 1;
                case "bit" -> (n + 7) / 8;
                case "char", "varchar" -> Math.min(n, 100) + 2;
                case "binary", "varbinary" -> Math.min(n, 1024);
                case "tinytext", "tinyblob" -> 128;
                case "text", "blob", "json" -> 1024;
                case "mediumtext", "longtext" -> 4096;
                case "mediumblob", "longblob" -> 65_536;
                default -> 128; // spatial
            };
        }
        return bytes;
    }

    /**
     * Tables in parent-before-child order by foreign keys, ties by their order in the previous plan, then by
     * name; a cycle is broken by name and said.
     */
    static List<SourceSchema.Table> parentsFirst(SourceSchema schema, Map<String, Integer> previousOrder, List<String> notes) {
        Map<String, SourceSchema.Table> byName = new LinkedHashMap<>();
        schema.tables().forEach(t -> byName.put(t.name().toLowerCase(Locale.ROOT), t));
        Map<String, Set<String>> parents = new HashMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        for (SourceSchema.Table t : schema.tables()) {
            String child = t.name().toLowerCase(Locale.ROOT);
            parents.put(child, new HashSet<>());
            for (SourceSchema.ForeignKey fk : t.foreignKeys()) {
                String parent = fk.referencedTable().toLowerCase(Locale.ROOT);
                if (!parent.equals(child) && byName.containsKey(parent)) {
                    parents.get(child).add(parent);
                    children.computeIfAbsent(parent, k -> new HashSet<>()).add(child);
                }
            }
        }
        List<SourceSchema.Table> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator
                .comparing((String t) -> previousOrder.getOrDefault(t, Integer.MAX_VALUE)).thenComparing(t -> t));
        parents.forEach((t, p) -> {
            if (p.isEmpty()) {
                ready.add(t);
            }
        });
        while (out.size() < byName.size()) {
            if (ready.isEmpty()) {
                String first = byName.keySet().stream().filter(t -> !placed.contains(t)).sorted().findFirst().orElseThrow();
                notes.add("foreign keys form a cycle through " + byName.get(first).name() + "; it is placed before its parents");
                ready.add(first);
            }
            String next = ready.poll();
            if (!placed.add(next)) {
                continue;
            }
            out.add(byName.get(next));
            for (String child : children.getOrDefault(next, Set.of())) {
                parents.get(child).remove(next);
                if (parents.get(child).isEmpty() && !placed.contains(child)) {
                    ready.add(child);
                }
            }
        }
        return out;
    }

    /** The statements that take the previous plan's destination schema to this one, as one new version; null when none. */
    private static SchemaScript changes(MigrationPlan previous, List<SourceSchema.Table> migrated, SourceSchema schema,
                                        List<String> notes) {
        StringBuilder all = new StringBuilder();
        for (SchemaScript s : previous.schema()) {
            for (String statement : s.statements()) {
                all.append(statement).append(";\n");
            }
        }
        SourceSchema old = DdlSchemaReader.read(all.toString());
        List<String> statements = new ArrayList<>();
        for (SourceSchema.Table t : migrated) {
            Optional<SourceSchema.Table> before = old.table(t.name());
            if (before.isEmpty()) {
                statements.add(DdlRenderer.createTable(t));
                notes.add(t.name() + ": new table, created in the new schema version");
                continue;
            }
            String previousColumn = null;
            for (SourceSchema.Column c : t.columns()) {
                Optional<SourceSchema.Column> was = before.get().column(c.name());
                if (was.isEmpty()) {
                    statements.add(DdlRenderer.addColumn(t, c, previousColumn));
                    notes.add(t.name() + "." + c.name() + ": new column, added in the new schema version");
                } else if (!TypeMapping.sameDefinition(was.get(), c)) {
                    statements.add(DdlRenderer.modifyColumn(t, c));
                    notes.add(t.name() + "." + c.name() + ": changed from " + TypeMapping.sqlType(was.get())
                            + (was.get().nullable() ? " NULL" : " NOT NULL") + " to " + TypeMapping.sqlType(c)
                            + (c.nullable() ? " NULL" : " NOT NULL") + ", modified in the new schema version");
                }
                previousColumn = c.name();
            }
            for (SourceSchema.Column c : before.get().columns()) {
                if (t.column(c.name()).isEmpty()) {
                    notes.add(t.name() + "." + c.name() + ": no longer in the source; the destination keeps it (drop it in a"
                            + " version of your own if the app no longer needs it)");
                }
            }
        }
        int version = previous.schema().stream().mapToInt(SchemaScript::version).max().orElse(0) + 1;
        return statements.isEmpty() ? null : new SchemaScript(version, "schema changes found by the plan generator", statements);
    }
}
