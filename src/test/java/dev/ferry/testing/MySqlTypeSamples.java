package dev.ferry.testing;

import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.TextCharset;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One column of every MySQL/TiDB type Ferry knows, its MariaDB DDL, and rows at each type's edges
 * (minimum, maximum, empty, NULL, longest, fractional seconds, negative times) as a remote sends them.
 */
public final class MySqlTypeSamples {
    private static final TextCharset MB4 = TextCharset.UTF8MB4;

    public static final DataType EVERY_TYPE = new DataType("every_type", null, "every_type", List.of(
            Column.builder("id", ColumnType.INTEGER).size(4).unsigned(true).build(),
            Column.builder("ti", ColumnType.INTEGER).size(1).nullable(true).build(),
            Column.builder("tu", ColumnType.INTEGER).size(1).unsigned(true).nullable(true).build(),
            Column.builder("si", ColumnType.INTEGER).size(2).nullable(true).build(),
            Column.builder("mu", ColumnType.INTEGER).size(3).unsigned(true).nullable(true).build(),
            Column.builder("bi", ColumnType.INTEGER).size(8).nullable(true).build(),
            Column.builder("bu", ColumnType.INTEGER).size(8).unsigned(true).nullable(true).build(),
            Column.builder("fl", ColumnType.FLOAT).nullable(true).build(),
            Column.builder("fmd", ColumnType.FLOAT).precision(7).scale(3).nullable(true).build(),
            Column.builder("db", ColumnType.DOUBLE).nullable(true).build(),
            Column.builder("amount", ColumnType.DECIMAL).precision(12).scale(4).nullable(true).build(),
            Column.builder("amount_u", ColumnType.DECIMAL).precision(10).scale(2).unsigned(true).nullable(true).build(),
            Column.builder("b1", ColumnType.BIT).size(1).nullable(true).build(),
            Column.builder("b64", ColumnType.BIT).size(64).nullable(true).build(),
            Column.builder("flag", ColumnType.BOOLEAN).nullable(true).build(),
            Column.builder("code", ColumnType.STRING).size(4).fixed(true).charset(TextCharset.ASCII).collation("ascii_bin").nullable(true).build(),
            Column.builder("name", ColumnType.STRING).size(20).charset(MB4).collation("utf8mb4_bin").nullable(true).build(),
            Column.builder("legacy", ColumnType.STRING).size(10).charset(TextCharset.LATIN1).nullable(true).build(),
            Column.builder("mb3", ColumnType.STRING).size(10).charset(TextCharset.UTF8MB3).nullable(true).build(),
            Column.builder("tt", ColumnType.STRING).maxBytes(255L).charset(MB4).nullable(true).build(),
            Column.builder("body", ColumnType.STRING).maxBytes(65_535L).charset(MB4).nullable(true).build(),
            Column.builder("size", ColumnType.ENUM).members(List.of("small", "Large", "")).nullable(true).build(),
            Column.builder("tags", ColumnType.SET).members(List.of("red", "green", "blue")).nullable(true).build(),
            Column.builder("day", ColumnType.DATE).nullable(true).build(),
            Column.builder("t", ColumnType.TIME).fsp(6).nullable(true).build(),
            Column.builder("t0", ColumnType.TIME).fsp(0).nullable(true).build(),
            Column.builder("y", ColumnType.YEAR).nullable(true).build(),
            Column.builder("dt", ColumnType.DATETIME).fsp(6).nullable(true).build(),
            Column.builder("dt0", ColumnType.DATETIME).fsp(0).nullable(true).build(),
            Column.builder("ts", ColumnType.TIMESTAMP).fsp(3).nullable(true).build(),
            Column.builder("doc", ColumnType.JSON).nullable(true).build(),
            Column.builder("bin", ColumnType.BINARY).size(4).fixed(true).nullable(true).build(),
            Column.builder("vb", ColumnType.BINARY).size(8).nullable(true).build(),
            Column.builder("blob", ColumnType.BINARY).size(65_535).nullable(true).build(),
            Column.builder("uuid", ColumnType.UUID).nullable(true).build(),
            Column.builder("g", ColumnType.GEOMETRY).nullable(true).build(),
            Column.builder("pt", ColumnType.GEOMETRY).geometry(GeometryType.POINT).nullable(true).build()),
            List.of("id"), 100, 1);

    /** The table in MariaDB (and MySQL/TiDB); {@code %s} is the table's qualified name. */
    public static final String DDL = "CREATE TABLE %s (id INT UNSIGNED NOT NULL, ti TINYINT NULL, tu TINYINT UNSIGNED NULL,"
            + " si SMALLINT NULL, mu MEDIUMINT UNSIGNED NULL, bi BIGINT NULL, bu BIGINT UNSIGNED NULL, fl FLOAT NULL,"
            + " fmd FLOAT(7,3) NULL, db DOUBLE NULL, amount DECIMAL(12,4) NULL, amount_u DECIMAL(10,2) UNSIGNED NULL,"
            + " b1 BIT(1) NULL, b64 BIT(64) NULL, flag TINYINT(1) NULL,"
            + " code CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NULL, name VARCHAR(20) COLLATE utf8mb4_bin NULL,"
            + " legacy VARCHAR(10) CHARACTER SET latin1 NULL, mb3 VARCHAR(10) CHARACTER SET utf8mb3 NULL,"
            + " tt TINYTEXT NULL, body TEXT NULL, size ENUM('small','Large','') NULL, tags SET('red','green','blue') NULL,"
            + " day DATE NULL, t TIME(6) NULL, t0 TIME NULL, y YEAR NULL, dt DATETIME(6) NULL, dt0 DATETIME NULL,"
            + " ts TIMESTAMP(3) NULL DEFAULT NULL, doc JSON NULL, bin BINARY(4) NULL, vb VARBINARY(8) NULL, `blob` BLOB NULL,"
            + " uuid BINARY(16) NULL, g GEOMETRY NULL, pt POINT NULL, PRIMARY KEY (id))"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    private MySqlTypeSamples() {
    }

    /** The rows as a remote sends them (numbers as BigDecimal, nested JSON as JsonText), in key order. */
    public static List<List<Object>> remoteRows() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList(dec("0"), dec("-128"), dec("0"), dec("-32768"), dec("0"), dec("-9223372036854775808"), dec("0"),
                dec("-3.4028233E38"), dec("-9999.999"), dec("-1.7976931348623157E308"), dec("-99999999.9999"), dec("0"),
                dec("0"), dec("0"), false, "", "", "", "", "", "", "", "",
                "1000-01-01", "-838:59:59.000000", "-838:59:59", dec("1901"), "1000-01-01T00:00:00", "1000-01-01 00:00:00",
                "1970-01-01T00:00:01Z", new JsonText("[]"), "AAAAAA==", "", "", "00000000-0000-0000-0000-000000000000",
                base64(stored(0, point(0, 0))), base64(stored(0, point(-180, -90)))));
        rows.add(Arrays.asList(dec("7"), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null));
        rows.add(Arrays.asList(dec("8"), dec("-1"), dec("1"), dec("-1"), dec("1"), dec("-1"), dec("1"),
                dec("0.1"), dec("-0.001"), dec("0.30000000000000004"), dec("0.0001"), dec("0.01"),
                true, dec("5"), dec("0"), " a", "tab\there", "", "", "line\nbreak", "\u0000nul", "small",
                new JsonText("[\"green\", \"red\", \"green\"]"), "2024-02-29", "-00:00:00.5", "-00:00:01", dec("2024"),
                "2024-02-29T23:59:59.000001", "2024-02-29T23:59:59", "2024-03-01T10:15:30.5+02:00", new JsonText("[\"text\", 1e2]"),
                "AQIDBA==", "AA==", "AA==", base64(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                base64(stored(0, collection())), base64(stored(0, point(1.5, -2.25)))));
        rows.add(Arrays.asList(dec("4294967295"), dec("127"), dec("255"), dec("32767"), dec("16777215"),
                dec("9223372036854775807"), "18446744073709551615",
                dec("3.4028233E38"), dec("9999.999"), dec("1.7976931348623157E308"), dec("99999999.9999"), dec("99999999.99"),
                dec("1"), dec("18446744073709551615"), true, "ABCD", "Grüße 😀 日本語 \"q\" \\ x", "Café €‰ÿ", "ünïcødé ✓",
                "é".repeat(127) + "a", "x".repeat(65_535), "Large", "blue,red,green",
                "9999-12-31", "838:59:59", "838:59:59", "2155", "9999-12-31T23:59:59.999999", "9999-12-31T23:59:59",
                "2038-01-19T03:14:07.999Z", new JsonText("{\"b\": [1, 2.50, \"x\", null, true], \"a\": {\"n\": -0.0}}"),
                "/////w==", "AQIDBAUGBwg=", base64(bytes(65_535)), "123E4567-E89B-12D3-A456-426614174000",
                new JsonText("{\"srid\": 4326, \"wkb\": \"" + base64(polygon()) + "\"}"), base64(stored(0, point(180, 90)))));
        return rows;
    }

    /** The rows as Ferry converts them. */
    public static List<Row> rows() {
        return PageConverter.convert(EVERY_TYPE, new RemotePage(EVERY_TYPE.columnNames(), remoteRows(), null));
    }

    static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    public static byte[] point(double x, double y) {
        return ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1).putDouble(x).putDouble(y).array();
    }

    /** A square polygon, WKB big-endian (byte order 0). */
    public static byte[] polygon() {
        ByteBuffer b = ByteBuffer.allocate(93).order(ByteOrder.BIG_ENDIAN).put((byte) 0).putInt(3).putInt(1).putInt(5);
        double[][] ring = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
        for (double[] p : ring) {
            b.putDouble(p[0]).putDouble(p[1]);
        }
        return b.array();
    }

    /** A GEOMETRYCOLLECTION of a point and a two-point linestring. */
    public static byte[] collection() {
        ByteBuffer b = ByteBuffer.allocate(9 + 21 + 41).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(7).putInt(2)
                .put(point(3, 4)).put((byte) 1).putInt(2).putInt(2).putDouble(0).putDouble(0).putDouble(1).putDouble(1);
        return b.array();
    }

    public static byte[] stored(int srid, byte[] wkb) {
        return ByteBuffer.allocate(4 + wkb.length).order(ByteOrder.LITTLE_ENDIAN).putInt(srid).put(wkb).array();
    }
}
