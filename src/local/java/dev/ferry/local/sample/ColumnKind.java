package dev.ferry.local.sample;

/**
 * The value kinds of the sample's columns; the same names as the plan's column types. Java values:
 * INTEGER {@code Long}, DECIMAL {@code BigDecimal}, DOUBLE {@code Double}, STRING {@code String},
 * BOOLEAN {@code Boolean}, DATE {@code LocalDate}, DATETIME and TIMESTAMP {@code LocalDateTime} (UTC),
 * JSON {@code String} (JSON text), BINARY {@code byte[]}.
 */
public enum ColumnKind {
    INTEGER, DECIMAL, DOUBLE, STRING, BOOLEAN, DATE, DATETIME, TIMESTAMP, JSON, BINARY
}
