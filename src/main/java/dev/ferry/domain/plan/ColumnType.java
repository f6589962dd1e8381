package dev.ferry.domain.plan;

/** The destination column types Ferry converts remote JSON values into. */
public enum ColumnType {
    /** Whole numbers (JSON numbers or numeric strings), bound as {@code long} or BigInteger. */
    INTEGER,
    /** Exact decimals, bound as BigDecimal; never passed through a double. */
    DECIMAL,
    /** Floating point, bound as double. */
    DOUBLE,
    /** Text; {@code size} is the maximum number of characters. */
    STRING,
    /** true/false, 0/1, "true"/"false". */
    BOOLEAN,
    /** ISO-8601 date ({@code 2024-03-01}). */
    DATE,
    /** Date-time without zone; ISO-8601 (an offset is converted to UTC) or epoch milliseconds. */
    DATETIME,
    /** An instant, stored in UTC; ISO-8601 with offset or epoch milliseconds. */
    TIMESTAMP,
    /** A JSON document: nested objects/arrays, or a string holding JSON text. */
    JSON,
    /** Bytes sent as base64; {@code size} is the maximum number of bytes. */
    BINARY
}
