package dev.ferry.adapter.schema;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads one database's tables from {@code information_schema} (TABLES, COLUMNS, STATISTICS,
 * KEY_COLUMN_USAGE with REFERENTIAL_CONSTRAINTS, and CHECK_CONSTRAINTS where the server has it) of a
 * MySQL, MariaDB or TiDB server. Column defaults are read as MariaDB writes them (SQL text: quoted
 * strings, {@code NULL}) or as MySQL and TiDB do (the bare value, expressions marked DEFAULT_GENERATED).
 */
public final class InformationSchemaReader {
    private InformationSchemaReader() {
    }

    public static SourceSchema read(Connection c, String database) {
        try {
            boolean mariaDb = version(c).toLowerCase(Locale.ROOT).contains("mariadb");
            Map<String, TableRow> tables = tables(c, database);
            if (tables.isEmpty()) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "database " + database + " has no tables (or does not exist)");
            }
            Map<String, List<SourceSchema.Column>> columns = columns(c, database, mariaDb, jsonChecks(c, database));
            Map<String, List<SourceSchema.Index>> indexes = indexes(c, database);
            Map<String, List<SourceSchema.ForeignKey>> foreignKeys = foreignKeys(c, database);
            List<SourceSchema.Table> out = new ArrayList<>();
            for (TableRow t : tables.values()) {
                String key = t.name.toLowerCase(Locale.ROOT);
                out.add(new SourceSchema.Table(t.name, columns.getOrDefault(key, List.of()), indexes.getOrDefault(key, List.of()),
                        foreignKeys.getOrDefault(key, List.of()), t.charset, t.collation,
                        t.averageRowLength == null || t.averageRowLength <= 0 ? null : t.averageRowLength,
                        t.comment == null || t.comment.isEmpty() ? null : t.comment));
            }
            return new SourceSchema(out);
        } catch (SQLException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read information_schema of " + database + ": "
                    + e.getMessage(), e);
        }
    }

    private record TableRow(String name, String charset, String collation, Long averageRowLength, String comment) {
    }

    private static String version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT VERSION()"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static Map<String, TableRow> tables(Connection c, String database) throws SQLException {
        String sql = "SELECT t.TABLE_NAME, t.TABLE_COLLATION, t.AVG_ROW_LENGTH, t.TABLE_COMMENT, cs.CHARACTER_SET_NAME"
                + " FROM information_schema.TABLES t LEFT JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY cs"
                + " ON cs.COLLATION_NAME = t.TABLE_COLLATION"
                + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY t.TABLE_NAME";
        Map<String, TableRow> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long avg = rs.getLong(3);
                    out.put(rs.getString(1).toLowerCase(Locale.ROOT), new TableRow(rs.getString(1), lower(rs.getString(5)),
                            lower(rs.getString(2)), rs.wasNull() ? null : avg, rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** Columns whose CHECK is {@code json_valid(`c`)}: MariaDB's JSON columns (LONGTEXT underneath). */
    private static Set<String> jsonChecks(Connection c, String database) {
        Set<String> out = new TreeSet<>();
        String sql = "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(2).toLowerCase(Locale.ROOT).replace("`", "").replace(" ", "");
                    if (clause.startsWith("json_valid(") && clause.endsWith(")")) {
                        out.add(rs.getString(1).toLowerCase(Locale.ROOT) + "."
                                + clause.substring("json_valid(".length(), clause.length() - 1));
                    }
                }
            }
        } catch (SQLException noSuchTable) {
            // servers without CHECK_CONSTRAINTS have no such columns
        }
        return out;
    }

    private static Map<String, List<SourceSchema.Column>> columns(Connection c, String database, boolean mariaDb,
                                                                  Set<String> jsonColumns) throws SQLException {
        String sql = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,"
                + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME,"
                + " COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION";
        Map<String, List<SourceSchema.Column>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String name = rs.getString(2);
                    String dataType = rs.getString(5).toLowerCase(Locale.ROOT);
                    String columnType = rs.getString(6).toLowerCase(Locale.ROOT);
                    String extra = rs.getString(13) == null ? "" : rs.getString(13).toLowerCase(Locale.ROOT);
                    boolean json = jsonColumns.contains(table.toLowerCase(Locale.ROOT) + "." + name.toLowerCase(Locale.ROOT));
                    String type = json ? "json" : dataType.equals("geomcollection") ? "geometrycollection" : dataType;
                    Long length = null;
                    Integer precision = null;
                    Integer scale = null;
                    Integer fsp = null;
                    switch (type) {
                        case "char", "varchar", "binary", "varbinary" -> length = rs.getLong(7);
                        case "bit" -> length = rs.getLong(8);
                        case "tinyint" -> length = columnType.startsWith("tinyint(1)") ? 1L : null;
                        case "decimal" -> {
                            precision = rs.getInt(8);
                            scale = rs.getInt(9);
                        }
                        case "float", "double" -> {
                            int open = columnType.indexOf('(');
                            if (open > 0 && columnType.indexOf(',') > open) { // FLOAT(M,D)
                                precision = rs.getInt(8);
                                scale = rs.getInt(9);
                            }
                        }
                        case "time", "datetime", "timestamp" -> fsp = rs.getInt(10);
                        default -> {
                        }
                    }
                    List<String> members = type.equals("enum") || type.equals("set") ? members(rs.getString(6)) : null;
                    boolean textual = !json && (type.endsWith("char") || type.endsWith("text") || members != null);
                    String generation = rs.getString(15);
                    boolean generated = extra.contains("generated") && !extra.contains("default_generated")
                            && generation != null && !generation.isEmpty();
                    String onUpdate = null;
                    int on = extra.indexOf("on update ");
                    if (on >= 0) {
                        onUpdate = rs.getString(13).substring(on + "on update ".length()).trim();
                    }
                    String defaultSql = generated ? null : defaultSql(rs.getString(3), mariaDb, extra, type);
                    String comment = rs.getString(14);
                    out.computeIfAbsent(table.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(new SourceSchema.Column(
                            name, type, length, precision, scale, fsp, columnType.contains("unsigned"),
                            "YES".equals(rs.getString(4)), textual ? lower(rs.getString(11)) : null,
                            textual ? lower(rs.getString(12)) : null, members, defaultSql, extra.contains("auto_increment"),
                            onUpdate, generated ? generation : null, extra.contains("stored generated"), null,
                            comment == null || comment.isEmpty() ? null : comment));
                }
            }
        }
        return out;
    }

    /** The DEFAULT clause's SQL, or null for none. */
    private static String defaultSql(String value, boolean mariaDb, String extra, String type) {
        if (mariaDb) {
            return value; // already SQL: 'text', 42, NULL, current_timestamp(), or null for no default
        }
        if (value == null) {
            return null; // MySQL: no default, or DEFAULT NULL (the same for a nullable column)
        }
        if (extra.contains("default_generated")) {
            return value.toLowerCase(Locale.ROOT).startsWith("current_timestamp") ? value : "(" + value + ")";
        }
        if (type.equals("bit")) {
            return value; // b'101'
        }
        boolean numeric = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "year")
                .contains(type);
        return numeric ? value : "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The members of {@code enum('a','it''s')}. */
    static List<String> members(String columnType) {
        String inner = columnType.substring(columnType.indexOf('(') + 1, columnType.lastIndexOf(')'));
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 0; i < inner.length(); i++) {
            char ch = inner.charAt(i);
            if (current == null) {
                if (ch == '\'') {
                    current = new StringBuilder();
                }
            } else if (ch == '\'' && i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
                current.append('\'');
                i++;
            } else if (ch == '\\' && i + 1 < inner.length()) {
                current.append(inner.charAt(++i));
            } else if (ch == '\'') {
                out.add(current.toString());
                current = null;
            } else {
                current.append(ch);
            }
        }
        return out;
    }

    private static Map<String, List<SourceSchema.Index>> indexes(Connection c, String database) throws SQLException {
        String sql = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE"
                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
        Map<String, Map<String, List<SourceSchema.IndexPart>>> parts = new LinkedHashMap<>();
        Map<String, SourceSchema.IndexKind> kinds = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1).toLowerCase(Locale.ROOT);
                    String index = rs.getString(2);
                    String type = rs.getString(6) == null ? "" : rs.getString(6).toUpperCase(Locale.ROOT);
                    SourceSchema.IndexKind kind = index.equals("PRIMARY") ? SourceSchema.IndexKind.PRIMARY
                            : type.equals("FULLTEXT") ? SourceSchema.IndexKind.FULLTEXT
                            : type.equals("SPATIAL") ? SourceSchema.IndexKind.SPATIAL
                            : rs.getInt(3) == 0 ? SourceSchema.IndexKind.UNIQUE : SourceSchema.IndexKind.INDEX;
                    kinds.put(table + "." + index, kind);
                    int subPart = rs.getInt(5);
                    Integer prefix = rs.wasNull() ? null : subPart;
                    parts.computeIfAbsent(table, k -> new LinkedHashMap<>()).computeIfAbsent(index, k -> new ArrayList<>())
                            .add(new SourceSchema.IndexPart(rs.getString(4), prefix));
                }
            }
        }
        Map<String, List<SourceSchema.Index>> out = new LinkedHashMap<>();
        parts.forEach((table, byName) -> byName.forEach((name, p) -> out.computeIfAbsent(table, k -> new ArrayList<>())
                .add(new SourceSchema.Index(name, kinds.get(table + "." + name), p))));
        return out;
    }

    private static Map<String, List<SourceSchema.ForeignKey>> foreignKeys(Connection c, String database) throws SQLException {
        String sql = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME"
                + " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
                + " AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
        Map<String, Map<String, String[]>> refs = new LinkedHashMap<>();
        Map<String, Map<String, List<String[]>>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1).toLowerCase(Locale.ROOT);
                    columns.computeIfAbsent(table, k -> new LinkedHashMap<>()).computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new String[] {rs.getString(3), rs.getString(5)});
                    refs.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(rs.getString(2), new String[] {rs.getString(4)});
                }
            }
        }
        Map<String, List<SourceSchema.ForeignKey>> out = new LinkedHashMap<>();
        columns.forEach((table, byName) -> byName.forEach((name, pairs) -> out.computeIfAbsent(table, k -> new ArrayList<>())
                .add(new SourceSchema.ForeignKey(name, pairs.stream().map(p -> p[0]).toList(), refs.get(table).get(name)[0],
                        pairs.stream().map(p -> p[1]).toList()))));
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
