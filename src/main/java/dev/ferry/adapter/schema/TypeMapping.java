package dev.ferry.adapter.schema;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.TextCharset;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A source column's plan column and its SQL type. TINYINT(1) is BOOLEAN (values other than 0 and 1
 * are then refused), BINARY(16) a UUID (which also takes any 16 bytes as base64), TEXT types limits in
 * bytes, CHAR and BINARY(n) fixed.
 */
final class TypeMapping {
    private TypeMapping() {
    }

    /** The type is one Ferry cannot migrate. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    static Column column(SourceSchema.Column c) {
        Column.Builder b;
        String t = c.type();
        switch (t) {
            case "tinyint", "smallint", "mediumint", "int", "bigint" -> {
                if (t.equals("tinyint") && Long.valueOf(1).equals(c.length()) && !c.unsigned()) {
                    b = Column.builder(c.name(), ColumnType.BOOLEAN);
                } else {
                    int bytes = switch (t) {
                        case "tinyint" -> 1;
                        case "smallint" -> 2;
                        case "mediumint" -> 3;
                        case "int" -> 4;
                        default -> 8;
                    };
                    b = Column.builder(c.name(), ColumnType.INTEGER).size(bytes).unsigned(c.unsigned());
                }
            }
            case "decimal" -> b = Column.builder(c.name(), ColumnType.DECIMAL).precision(c.precision()).scale(c.scale())
                    .unsigned(c.unsigned());
            case "float", "double" -> b = Column.builder(c.name(), t.equals("float") ? ColumnType.FLOAT : ColumnType.DOUBLE)
                    .precision(c.scale() == null ? null : c.precision()).scale(c.scale()).unsigned(c.unsigned());
            case "bit" -> b = Column.builder(c.name(), ColumnType.BIT).size(c.length() == null ? 1 : c.length().intValue());
            case "char", "varchar" -> b = text(c, Column.builder(c.name(), ColumnType.STRING)
                    .size(c.length() == null ? null : c.length().intValue()).fixed(t.equals("char")));
            case "tinytext", "text", "mediumtext", "longtext" -> b = text(c, Column.builder(c.name(), ColumnType.STRING)
                    .maxBytes(switch (t) {
                        case "tinytext" -> 255L;
                        case "text" -> 65_535L;
                        case "mediumtext" -> 16_777_215L;
                        default -> 4_294_967_295L;
                    }));
            case "enum", "set" -> b = text(c, Column.builder(c.name(), t.equals("enum") ? ColumnType.ENUM : ColumnType.SET)
                    .members(c.members()));
            case "date" -> b = Column.builder(c.name(), ColumnType.DATE);
            case "time" -> b = Column.builder(c.name(), ColumnType.TIME).fsp(fsp(c));
            case "year" -> b = Column.builder(c.name(), ColumnType.YEAR);
            case "datetime" -> b = Column.builder(c.name(), ColumnType.DATETIME).fsp(fsp(c));
            case "timestamp" -> b = Column.builder(c.name(), ColumnType.TIMESTAMP).fsp(fsp(c));
            case "json" -> b = Column.builder(c.name(), ColumnType.JSON);
            case "binary" -> {
                int n = c.length() == null ? 1 : c.length().intValue();
                b = n == 16 ? Column.builder(c.name(), ColumnType.UUID)
                        : Column.builder(c.name(), ColumnType.BINARY).size(n).fixed(true);
            }
            case "varbinary" -> b = Column.builder(c.name(), ColumnType.BINARY).size(c.length() == null ? null : c.length().intValue());
            case "tinyblob", "blob", "mediumblob", "longblob" -> b = Column.builder(c.name(), ColumnType.BINARY).size(switch (t) {
                case "tinyblob" -> 255;
                case "blob" -> 65_535;
                case "mediumblob" -> 16_777_215;
                default -> null;
            });
            default -> {
                GeometryType g = GeometryType.ofSqlName(t);
                if (g == null) {
                    throw new Unsupported("column " + c.name() + " has type " + t + ", which Ferry does not migrate");
                }
                b = Column.builder(c.name(), ColumnType.GEOMETRY).geometry(g).srid(c.srid());
            }
        }
        return b.nullable(c.nullable()).build();
    }

    private static Integer fsp(SourceSchema.Column c) {
        return c.fsp() == null ? 0 : c.fsp();
    }

    private static Column.Builder text(SourceSchema.Column c, Column.Builder b) {
        if (c.charset() != null) {
            TextCharset charset = TextCharset.of(c.charset());
            if (charset == null) {
                throw new Unsupported("column " + c.name() + " has charset " + c.charset()
                        + "; Ferry checks utf8mb4, utf8mb3, latin1, ascii, ucs2, utf16 and utf32");
            }
            b.charset(charset);
        }
        return b.collation(c.collation());
    }

    /** The column's type in DDL ({@code int unsigned}, {@code varchar(20)}, {@code enum('a','b')}, {@code json} …). */
    static String sqlType(SourceSchema.Column c) {
        String t = c.type();
        String unsigned = c.unsigned() ? " unsigned" : "";
        return switch (t) {
            case "tinyint", "smallint", "mediumint", "int", "bigint" ->
                    (t.equals("tinyint") && Long.valueOf(1).equals(c.length()) ? "tinyint(1)" : t) + unsigned;
            case "decimal" -> "decimal(" + c.precision() + "," + c.scale() + ")" + unsigned;
            case "float", "double" -> t + (c.scale() != null ? "(" + c.precision() + "," + c.scale() + ")" : "") + unsigned;
            case "char", "varchar", "binary", "varbinary", "bit" -> t + "(" + c.length() + ")";
            case "time", "datetime", "timestamp" -> t + (c.fsp() == null || c.fsp() == 0 ? "" : "(" + c.fsp() + ")");
            case "enum", "set" -> t + c.members().stream().map(TypeMapping::literal).collect(Collectors.joining(",", "(", ")"));
            default -> t.toLowerCase(Locale.ROOT);
        };
    }

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\0", "\\0") + "'";
    }

    /** Whether two columns' types and nullability are the same (so no MODIFY is needed). */
    static boolean sameDefinition(SourceSchema.Column a, SourceSchema.Column b) {
        return sqlType(a).equals(sqlType(b)) && a.nullable() == b.nullable()
                && java.util.Objects.equals(a.charset(), b.charset());
    }

    static List<String> quoted(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").toList();
    }
}
