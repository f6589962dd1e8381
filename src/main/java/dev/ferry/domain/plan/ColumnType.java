package dev.ferry.domain.plan;

/**
 * The destination column types Ferry converts remote JSON values into. Each maps to MySQL/TiDB
 * column types as the "Column types" table of docs/plan.md says; the Java value each holds in a
 * {@link dev.ferry.domain.page.Row} is given here.
 */
public enum ColumnType {
    /** Whole numbers (JSON numbers or numeric strings); {@code size} in bytes and {@code unsigned} set the range. Long or BigInteger. */
    INTEGER,
    /** Exact decimals, never passed through a double. BigDecimal. */
    DECIMAL,
    /** Single-precision floating point (MySQL FLOAT). Float. */
    FLOAT,
    /** Double-precision floating point. Double. */
    DOUBLE,
    /** A bit field, BIT({@code size}) with 1..64 bits, as its unsigned value. Long or BigInteger. */
    BIT,
    /** Text: {@code size} characters at most, {@code maxBytes} bytes in {@code charset}; {@code fixed} for CHAR. String. */
    STRING,
    /** One of {@code members}. String. */
    ENUM,
    /** Any subset of {@code members}, written in their declared order joined by commas. String. */
    SET,
    /** true/false, 0/1, "true"/"false" (MySQL BOOLEAN, i.e. TINYINT(1)). Boolean. */
    BOOLEAN,
    /** ISO-8601 date ({@code 2024-03-01}). LocalDate. */
    DATE,
    /** A time of day or duration, -838:59:59 to 838:59:59 with {@code fsp} fractional digits. Duration. */
    TIME,
    /** A year, 1901 to 2155. Integer. */
    YEAR,
    /** Date-time without zone; ISO-8601 (an offset is converted to UTC) or epoch milliseconds. LocalDateTime. */
    DATETIME,
    /** An instant, stored in UTC; ISO-8601 with offset or epoch milliseconds. LocalDateTime (UTC). */
    TIMESTAMP,
    /** A JSON document: nested objects/arrays, or a string holding JSON text. JsonText. */
    JSON,
    /** Bytes sent as base64; {@code size} is the maximum number of bytes ({@code fixed}: exactly). byte[]. */
    BINARY,
    /** A UUID stored as BINARY(16): canonical text or base64 of its 16 bytes. byte[16]. */
    UUID,
    /** A spatial value: MySQL's storage form, a 4-byte little-endian SRID then WKB, as base64. byte[]. */
    GEOMETRY
}
