package dev.ferry.adapter.schema;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * Reads {@code CREATE TABLE} statements (and the {@code ALTER TABLE … ADD/MODIFY/DROP COLUMN} and
 * {@code DROP TABLE} that follow them, as in a plan's schema versions) with JSqlParser into a
 * {@link SourceSchema}. Other statements ({@code INSERT}, {@code SET} …) are skipped. Two index forms
 * JSqlParser does not parse are rewritten before parsing, outside quotes and comments:
 * {@code SPATIAL KEY|INDEX name} (read as a SPATIAL index) and {@code UNIQUE INDEX|name} ({@code UNIQUE KEY}).
 */
public final class DdlSchemaReader {
    private static final Set<String> STOP_WORDS = Set.of("NOT", "NULL", "AUTO_INCREMENT", "COMMENT", "COLLATE", "ON",
            "PRIMARY", "UNIQUE", "KEY", "REFERENCES", "CHECK", "SRID", "GENERATED", "AS", "VISIBLE", "INVISIBLE",
            "CHARACTER", "CHARSET", "AFTER", "FIRST", "STORAGE", "COLUMN_FORMAT", "UNSIGNED", "ZEROFILL", "SIGNED",
            "VIRTUAL", "STORED", "PERSISTENT", "DEFAULT");

    private final Map<String, SourceSchema.Table> tables = new LinkedHashMap<>();
    private final Set<String> spatialIndexes = new HashSet<>();

    private DdlSchemaReader() {
    }

    /** Reads every table the statements leave behind. */
    public static SourceSchema read(String sql) {
        DdlSchemaReader reader = new DdlSchemaReader();
        String prepared = reader.rewriteUnparsedIndexForms(sql);
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(prepared);
        } catch (JSQLParserException e) {
            String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new FerryException(ErrorCode.INVALID_PLAN, "cannot parse the CREATE TABLE statements: "
                    + message.lines().limit(2).reduce((a, b) -> a + " " + b.trim()).orElse(""), e);
        }
        for (Statement s : statements) {
            if (s instanceof CreateTable ct) {
                reader.create(ct);
            } else if (s instanceof Alter alter) {
                reader.alter(alter);
            } else if (s instanceof Drop drop && "TABLE".equalsIgnoreCase(drop.getType())) {
                reader.tables.remove(key(unquote(drop.getName().getName())));
            }
        }
        return new SourceSchema(new ArrayList<>(reader.tables.values()));
    }

    private void create(CreateTable ct) {
        String name = unquote(ct.getTable().getName());
        List<SourceSchema.Column> columns = new ArrayList<>();
        List<SourceSchema.Index> indexes = new ArrayList<>();
        List<SourceSchema.ForeignKey> foreignKeys = new ArrayList<>();
        List<String> options = ct.getTableOptionsStrings() == null ? List.of() : ct.getTableOptionsStrings();
        String charset = option(options, "CHARSET", "CHARACTER");
        String collation = option(options, "COLLATE", null);
        String comment = option(options, "COMMENT", null);
        if (ct.getColumnDefinitions() != null) {
            for (ColumnDefinition cd : ct.getColumnDefinitions()) {
                ColumnSpec spec = column(cd, charset, collation);
                columns.add(spec.column);
                if (spec.primary) {
                    indexes.add(new SourceSchema.Index("PRIMARY", SourceSchema.IndexKind.PRIMARY,
                            List.of(new SourceSchema.IndexPart(spec.column.name(), null))));
                }
                if (spec.unique) {
                    indexes.add(new SourceSchema.Index(spec.column.name(), SourceSchema.IndexKind.UNIQUE,
                            List.of(new SourceSchema.IndexPart(spec.column.name(), null))));
                }
                if (spec.reference != null) {
                    foreignKeys.add(spec.reference);
                }
            }
        }
        if (ct.getIndexes() != null) {
            for (Index index : ct.getIndexes()) {
                if (index instanceof ForeignKeyIndex fk) {
                    foreignKeys.add(new SourceSchema.ForeignKey(fk.getName() == null ? null : unquote(fk.getName()),
                            fk.getColumnsNames().stream().map(DdlSchemaReader::unquote).toList(),
                            unquote(fk.getTable().getName()),
                            fk.getReferencedColumnNames().stream().map(DdlSchemaReader::unquote).toList()));
                } else {
                    SourceSchema.Index i = index(index);
                    if (i != null) {
                        indexes.add(i);
                    }
                }
            }
        }
        tables.put(key(name), new SourceSchema.Table(name, columns, indexes, foreignKeys,
                charset, collation, null, comment == null ? null : unquoteString(comment)));
    }

    private SourceSchema.Index index(Index index) {
        String type = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
        String name = index.getName() == null ? null : unquote(index.getName());
        SourceSchema.IndexKind kind;
        if (type.startsWith("PRIMARY")) {
            kind = SourceSchema.IndexKind.PRIMARY;
            name = "PRIMARY";
        } else if (name != null && spatialIndexes.contains(name.toLowerCase(Locale.ROOT))) {
            kind = SourceSchema.IndexKind.SPATIAL;
        } else if (type.startsWith("UNIQUE")) {
            kind = SourceSchema.IndexKind.UNIQUE;
        } else if (type.startsWith("FULLTEXT")) {
            kind = SourceSchema.IndexKind.FULLTEXT;
        } else if (type.startsWith("KEY") || type.startsWith("INDEX")) {
            kind = SourceSchema.IndexKind.INDEX;
        } else {
            return null; // CHECK and other constraints
        }
        List<SourceSchema.IndexPart> parts = new ArrayList<>();
        for (Index.ColumnParams p : index.getColumns()) {
            Integer prefix = null;
            if (p.getParams() != null && !p.getParams().isEmpty()) {
                try {
                    prefix = Integer.parseInt(p.getParams().get(0).replace("(", "").replace(")", "").trim());
                } catch (NumberFormatException ignored) {
                    // ASC/DESC
                }
            }
            String column = p.getColumnName();
            int paren = column.indexOf('(');
            if (paren > 0) { // title(10)
                prefix = Integer.parseInt(column.substring(paren + 1, column.indexOf(')')).trim());
                column = column.substring(0, paren).trim();
            }
            parts.add(new SourceSchema.IndexPart(unquote(column), prefix));
        }
        return new SourceSchema.Index(name, kind, parts);
    }

    private void alter(Alter alter) {
        String name = unquote(alter.getTable().getName());
        SourceSchema.Table table = tables.get(key(name));
        if (table == null || alter.getAlterExpressions() == null) {
            return;
        }
        List<SourceSchema.Column> columns = new ArrayList<>(table.columns());
        List<SourceSchema.Index> indexes = new ArrayList<>(table.indexes());
        for (AlterExpression e : alter.getAlterExpressions()) {
            AlterOperation op = e.getOperation();
            if (e.getColDataTypeList() != null && (op == AlterOperation.ADD || op == AlterOperation.MODIFY
                    || op == AlterOperation.CHANGE || op == AlterOperation.ALTER)) {
                for (AlterExpression.ColumnDataType cdt : e.getColDataTypeList()) {
                    ColumnDefinition cd = new ColumnDefinition(cdt.getColumnName(), cdt.getColDataType(), cdt.getColumnSpecs());
                    SourceSchema.Column c = column(cd, table.charset(), table.collation()).column;
                    int at = indexOf(columns, c.name());
                    if (at >= 0) {
                        columns.set(at, c);
                    } else {
                        columns.add(c);
                    }
                }
            } else if (op == AlterOperation.DROP && e.getColumnName() != null) {
                int at = indexOf(columns, unquote(e.getColumnName()));
                if (at >= 0) {
                    columns.remove(at);
                }
            } else if (op == AlterOperation.ADD && e.getIndex() != null) {
                SourceSchema.Index i = index(e.getIndex());
                if (i != null) {
                    indexes.add(i);
                }
            }
        }
        tables.put(key(name), new SourceSchema.Table(table.name(), columns, indexes, table.foreignKeys(), table.charset(),
                table.collation(), table.averageRowLength(), table.comment()));
    }

    private static int indexOf(List<SourceSchema.Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A column and what its specification says beyond the column itself. */
    private record ColumnSpec(SourceSchema.Column column, boolean primary, boolean unique, SourceSchema.ForeignKey reference) {
    }

    private ColumnSpec column(ColumnDefinition cd, String tableCharset, String tableCollation) {
        String name = unquote(cd.getColumnName());
        ColDataType t = cd.getColDataType();
        String text = t.getDataType().trim();
        List<String> args = new ArrayList<>();
        int open = text.indexOf('(');
        String words = text;
        if (open >= 0) {
            int close = text.indexOf(')', open);
            for (String a : text.substring(open + 1, close).split(",")) {
                args.add(a.trim());
            }
            words = text.substring(0, open) + " " + text.substring(close + 1);
        }
        List<String> typeWords = new ArrayList<>(List.of(words.trim().toUpperCase(Locale.ROOT).split("\\s+")));
        String base = typeWords.get(0);
        boolean unsigned = typeWords.contains("UNSIGNED");
        if (base.equals("DOUBLE") || base.equals("REAL")) {
            base = "DOUBLE";
        } else if (base.equals("BOOL") || base.equals("BOOLEAN")) {
            base = "TINYINT";
            args = List.of("1");
        } else if (base.equals("INTEGER")) {
            base = "INT";
        } else if (base.equals("NUMERIC") || base.equals("DEC") || base.equals("FIXED")) {
            base = "DECIMAL";
        } else if (base.equals("GEOMCOLLECTION")) {
            base = "GEOMETRYCOLLECTION";
        }
        List<String> members = null;
        if (base.equals("ENUM") || base.equals("SET")) {
            members = t.getArgumentsStringList().stream().map(DdlSchemaReader::unquoteString).toList();
            args = List.of();
        }
        String charset = t.getCharacterSet();
        String collation = null;
        boolean nullable = true;
        boolean autoIncrement = false;
        boolean primary = false;
        boolean unique = false;
        String defaultSql = null;
        String onUpdate = null;
        String generated = null;
        boolean stored = false;
        Integer srid = null;
        String comment = null;
        boolean json = base.equals("JSON");
        SourceSchema.ForeignKey reference = null;
        List<String> specs = cd.getColumnSpecs() == null ? List.of() : cd.getColumnSpecs();
        for (int i = 0; i < specs.size(); i++) {
            String word = specs.get(i).toUpperCase(Locale.ROOT);
            switch (word) {
                case "NOT" -> {
                    if (i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("NULL")) {
                        nullable = false;
                        i++;
                    }
                }
                case "NULL" -> nullable = true;
                case "UNSIGNED" -> unsigned = true;
                case "AUTO_INCREMENT" -> autoIncrement = true;
                case "PRIMARY" -> {
                    primary = true;
                    nullable = false;
                    i++;
                }
                case "UNIQUE" -> {
                    unique = true;
                    if (i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("KEY")) {
                        i++;
                    }
                }
                case "COLLATE" -> collation = unquote(specs.get(++i));
                case "CHARSET" -> charset = unquote(specs.get(++i));
                case "CHARACTER" -> {
                    i++; // SET
                    charset = unquote(specs.get(++i));
                }
                case "COMMENT" -> comment = unquoteString(specs.get(++i));
                case "SRID" -> srid = Integer.parseInt(specs.get(++i));
                case "DEFAULT" -> {
                    StringBuilder value = new StringBuilder();
                    int j = i + 1;
                    if (j < specs.size() && specs.get(j).equalsIgnoreCase("NULL")) {
                        value.append("NULL");
                        j++;
                    } else {
                        while (j < specs.size() && (value.length() == 0 || !STOP_WORDS.contains(specs.get(j).toUpperCase(Locale.ROOT)))) {
                            value.append(specs.get(j).startsWith("(") || value.length() == 0 ? "" : " ").append(specs.get(j));
                            j++;
                        }
                    }
                    defaultSql = value.toString();
                    i = j - 1;
                }
                case "ON" -> {
                    if (i + 2 < specs.size() && specs.get(i + 1).equalsIgnoreCase("UPDATE")) {
                        StringBuilder value = new StringBuilder(specs.get(i + 2));
                        int j = i + 3;
                        while (j < specs.size() && specs.get(j).startsWith("(")) {
                            value.append(specs.get(j++));
                        }
                        onUpdate = value.toString();
                        i = j - 1;
                    }
                }
                case "GENERATED", "AS" -> {
                    int j = i;
                    while (j < specs.size() && !specs.get(j).startsWith("(")) {
                        j++;
                    }
                    if (j < specs.size()) {
                        String expr = specs.get(j);
                        generated = expr.substring(1, expr.length() - 1).trim();
                        if (j + 1 < specs.size()) {
                            String kind = specs.get(j + 1).toUpperCase(Locale.ROOT);
                            stored = kind.equals("STORED") || kind.equals("PERSISTENT");
                            if (stored || kind.equals("VIRTUAL")) {
                                j++;
                            }
                        }
                    }
                    i = j;
                }
                case "CHECK" -> {
                    if (i + 1 < specs.size() && specs.get(i + 1).toLowerCase(Locale.ROOT).replace("`", "")
                            .replace(" ", "").equals("(json_valid(" + name.toLowerCase(Locale.ROOT) + "))")) {
                        json = true; // MariaDB's JSON: LONGTEXT with this check
                    }
                    i++;
                }
                case "REFERENCES" -> {
                    String refTable = unquote(specs.get(++i));
                    List<String> refColumns = new ArrayList<>();
                    if (i + 1 < specs.size() && specs.get(i + 1).startsWith("(")) {
                        String inner = specs.get(++i);
                        for (String c : inner.substring(1, inner.length() - 1).split(",")) {
                            refColumns.add(unquote(c.trim()));
                        }
                    }
                    reference = new SourceSchema.ForeignKey(null, List.of(name), refTable, refColumns);
                }
                default -> {
                    // ZEROFILL, VISIBLE, a column's position … change nothing that is migrated
                }
            }
        }
        if (json) {
            base = "JSON";
            charset = null;
            collation = null;
        }
        String type = base.toLowerCase(Locale.ROOT);
        boolean textual = type.endsWith("char") || type.endsWith("text") || type.equals("enum") || type.equals("set");
        if (textual) {
            charset = charset != null ? charset.toLowerCase(Locale.ROOT) : tableCharset;
            collation = collation != null ? collation : (charset != null && charset.equalsIgnoreCase(tableCharset)
                    ? tableCollation : null);
        } else {
            charset = null;
            collation = null;
        }
        Long length = null;
        Integer precision = null;
        Integer scale = null;
        Integer fsp = null;
        switch (type) {
            case "decimal", "float", "double" -> {
                if (!args.isEmpty()) {
                    precision = Integer.parseInt(args.get(0));
                    scale = args.size() > 1 ? Integer.valueOf(args.get(1)) : (type.equals("decimal") ? 0 : null);
                } else if (type.equals("decimal")) {
                    precision = 10;
                    scale = 0;
                }
                if (type.equals("float") && precision != null && scale == null) {
                    if (precision > 24) {
                        type = "double";
                    }
                    precision = null; // FLOAT(p): p only picks single or double precision
                }
            }
            case "time", "datetime", "timestamp" -> fsp = args.isEmpty() ? 0 : Integer.parseInt(args.get(0));
            case "bit" -> length = args.isEmpty() ? 1L : Long.parseLong(args.get(0));
            case "char", "binary" -> length = args.isEmpty() ? 1L : Long.parseLong(args.get(0));
            default -> length = args.isEmpty() ? null : Long.valueOf(args.get(0));
        }
        if (generated != null) {
            defaultSql = null;
        }
        SourceSchema.Column column = new SourceSchema.Column(name, type, length, precision, scale, fsp, unsigned, nullable,
                charset, collation, members, defaultSql, autoIncrement, onUpdate, generated, stored, srid, comment);
        return new ColumnSpec(column, primary, unique, reference);
    }

    private static String option(List<String> options, String word, String alternative) {
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i).toUpperCase(Locale.ROOT);
            if (o.equals(word) || (alternative != null && o.equals(alternative))) {
                int j = i + 1;
                if (o.equals("CHARACTER") && j < options.size() && options.get(j).equalsIgnoreCase("SET")) {
                    j++;
                }
                if (j < options.size() && options.get(j).equals("=")) {
                    j++;
                }
                if (j < options.size()) {
                    String v = options.get(j);
                    return o.equals("COMMENT") ? v : unquote(v).toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    /** Rewrites {@code SPATIAL KEY|INDEX n} to {@code KEY n} (remembering n) and {@code UNIQUE INDEX|n} to {@code UNIQUE KEY}. */
    String rewriteUnparsedIndexForms(String sql) {
        List<String> words = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (c == '#' || (c == '-' && sql.startsWith("-- ", i))) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                words.add(sql.substring(start, i));
                spans.add(new int[] {start, i});
            } else {
                words.add(String.valueOf(c));
                spans.add(new int[] {i, i + 1});
                i++;
            }
        }
        StringBuilder out = new StringBuilder(sql);
        for (int w = words.size() - 2; w >= 0; w--) {
            String word = words.get(w).toUpperCase(Locale.ROOT);
            String next = words.get(w + 1).toUpperCase(Locale.ROOT);
            if (word.equals("SPATIAL") && (next.equals("KEY") || next.equals("INDEX"))) {
                if (w + 2 < words.size()) {
                    spatialIndexes.add(unquote(words.get(w + 2)).toLowerCase(Locale.ROOT));
                }
                out.replace(spans.get(w)[0], spans.get(w + 1)[1], "KEY");
            } else if (word.equals("UNIQUE") && next.equals("INDEX")) {
                out.replace(spans.get(w)[0], spans.get(w + 1)[1], "UNIQUE KEY");
            }
        }
        return out.toString();
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    static String unquote(String name) {
        String n = name.trim();
        if (n.length() >= 2 && (n.charAt(0) == '`' || n.charAt(0) == '"') && n.charAt(n.length() - 1) == n.charAt(0)) {
            return n.substring(1, n.length() - 1).replace(String.valueOf(n.charAt(0)) + n.charAt(0), String.valueOf(n.charAt(0)));
        }
        return n;
    }

    /** The text of a SQL string literal ({@code 'it''s'} → {@code it's}; backslash escapes read too). */
    static String unquoteString(String literal) {
        String s = literal.trim();
        if (s.length() < 2 || s.charAt(0) != '\'' || s.charAt(s.length() - 1) != '\'') {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\'' && s.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else if (c == '\\' && i + 1 < s.length() - 1) {
                char e = s.charAt(++i);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
