package dev.ferry.schema;

import dev.ferry.hostile.RawJson;
import dev.ferry.testing.TestMySql;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The shop's source database: {@code schemas/shop.sql} with rows at every type's edges, inserted as SQL;
 * and its rows as a remote serves them, read with the server's own text of each value (no Ferry code).
 */
final class ShopSource {
    private static final String[] ROWS = {
        "INSERT INTO country VALUES (1, 'NZ', 'Aotearoa 🥝', 1901), (2, 'FR', 'France — Élysée', 2155), (65535, 'ZZ', '', NULL)",
        "INSERT INTO store VALUES"
            + " (UNHEX('123e4567e89b12d3a456426614174000'), 1, 'Main', 'Café €', ST_GeomFromText('POINT(174.76 -36.85)'),"
            + "  ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))', 4326), '-838:59:59', '838:59:59.000'),"
            + " (UNHEX('00000000000000000000000000000000'), 2, 'Nil', NULL, NULL, NULL, '00:00:00', '-00:00:00.500'),"
            + " (UNHEX('ffffffffffffffffffffffffffffffff'), 65535, 'Max', 'ÿ', ST_GeomFromText('POINT(0 0)'), NULL, '12:30:05', NULL)",
        "INSERT INTO product (product_id, sku, title, description, notes, size, tags, price, weight, ratio, flags, active,"
            + " attributes, image, checksum, released, created_at, updated_at) VALUES"
            + " (0, 'SKU-0', 'min', '', '', 'S', '', 0.00, -3.4028233e38, -1.7976931348623157e308, b'00000000', 0, '[]', '',"
            + "  x'00000000', '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000'),"
            + " (7, 'SKU-7', 'nulls', NULL, NULL, 'M', 'sale', 1.50, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,"
            + "  '2024-02-29 12:00:00.000001', '2024-03-01 10:15:30.500'),"
            + " (4294967295, 'SKU-MAX', 'max ✓ \"quoted\" \\\\ back', REPEAT('x', 65535), CONCAT(REPEAT('é', 127), 'a'), 'XL',"
            + "  'eco,new,sale', 99999999.99, 1.2345678, 0.1, b'11111111', 1, '{\"b\":[1,2.50,\"x\",null,true],\"a\":{\"n\":-0.0}}',"
            + "  REPEAT(x'00ff7f80', 20000), x'ffffffff', '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999')",
        "INSERT INTO stock VALUES (UNHEX('123e4567e89b12d3a456426614174000'), 0, -8388608, NULL),"
            + " (UNHEX('123e4567e89b12d3a456426614174000'), 4294967295, 8388607, '2024-01-01 00:00:00'),"
            + " (UNHEX('00000000000000000000000000000000'), 7, 0, '9999-12-31 23:59:59')",
        "INSERT INTO price_history VALUES (0, '2024-01-01 00:00:00.000', 0.00, 18446744073709551615, -128, -32768),"
            + " (0, '2024-01-01 00:00:00.001', -99999999.99, 0, 127, 32767), (7, '1000-01-01 00:00:00.000', 1.50, NULL, NULL, NULL)",
        "INSERT INTO audit_log VALUES ('not migrated: no key', NULL)"
    };

    private ShopSource() {
    }

    static void load(TestMySql.TestDatabase db) throws SQLException, IOException {
        String sql;
        try (InputStream in = ShopSource.class.getResourceAsStream("/schemas/shop.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            for (String insert : ROWS) {
                s.execute(insert);
            }
        }
    }

    /** A data page's headers and rows, JSON-ready for the test remote. */
    record Served(List<String> headers, List<List<Object>> rows) {
    }

    private record SourceColumn(String name, String dataType, String columnType, boolean generated) {
    }

    private static List<SourceColumn> columns(Connection c, String database, String table) throws SQLException {
        List<SourceColumn> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, EXTRA"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SourceColumn(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT),
                            rs.getString(3).toLowerCase(Locale.ROOT), rs.getString(4).toLowerCase(Locale.ROOT).contains("generated")));
                }
            }
        }
        return out;
    }

    /** The server's text of a value: hex for bytes, the exact double of a FLOAT, the number of a BIT. */
    private static String expression(SourceColumn c) {
        String q = "`" + c.name() + "`";
        return switch (c.dataType()) {
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring",
                 "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> "HEX(" + q + ")";
            case "float" -> "CAST(" + q + " + 0e0 AS CHAR)";
            case "bit" -> "CAST(" + q + " + 0 AS CHAR)";
            default -> "CAST(" + q + " AS CHAR)";
        };
    }

    static Served serve(TestMySql.TestDatabase db, String table, List<String> key) throws SQLException {
        try (Connection c = db.connect()) {
            List<SourceColumn> columns = columns(c, db.name(), table).stream().filter(col -> !col.generated()).toList();
            List<List<Object>> rows = new ArrayList<>();
            String sql = "SELECT " + String.join(", ", columns.stream().map(ShopSource::expression).toList()) + " FROM `" + table
                    + "` ORDER BY " + String.join(", ", key.stream().map(k -> "`" + k + "`").toList());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.add(json(columns.get(i), rs.getString(i + 1)));
                    }
                    rows.add(row);
                }
            }
            return new Served(columns.stream().map(SourceColumn::name).toList(), rows);
        }
    }

    /** A value as the contract sends it: numbers, strings, base64, a UUID's text, a JSON document nested. */
    private static Object json(SourceColumn c, String text) {
        if (text == null) {
            return null;
        }
        return switch (c.dataType()) {
            case "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "year", "bit" ->
                    new BigDecimal(text);
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring",
                 "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> {
                byte[] bytes = HexFormat.of().parseHex(text);
                if (c.columnType().equals("binary(16)")) {
                    String h = text.toLowerCase(Locale.ROOT);
                    yield h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                            + "-" + h.substring(20);
                }
                yield Base64.getEncoder().encodeToString(bytes);
            }
            case "json" -> new RawJson(text);
            default -> text; // text, enum, set, dates and times (MariaDB's JSON is LONGTEXT: a string holding JSON)
        };
    }

    /** Every row of a table (generated columns too) as the server prints each value, in key order. */
    static List<List<String>> text(DataSource pool, String database, String table, List<String> key) throws SQLException {
        try (Connection c = pool.getConnection()) {
            List<SourceColumn> columns = columns(c, database, table);
            String sql = "SELECT " + String.join(", ", columns.stream().map(ShopSource::expression).toList()) + " FROM `"
                    + database + "`.`" + table + "` ORDER BY " + String.join(", ", key.stream().map(k -> "`" + k + "`").toList());
            List<List<String>> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.add(columns.get(i).name() + "=" + rs.getString(i + 1));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
