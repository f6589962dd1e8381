package dev.ferry.dualwrite;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The primary key of one row: column names in key order and their values.
 *
 * <p>Values must not be null. Supported types, normalised on construction so that equal keys have equal
 * {@link #text()}: {@link String}; whole numbers ({@link Long}, {@link Integer}, {@link Short}, {@link Byte},
 * {@link BigInteger}, and {@link BigDecimal} with no fractional digits) become {@link Long}, or
 * {@link BigInteger} beyond the long range; {@link BigDecimal} with a fraction, without trailing zeros
 * ({@code 1.50} becomes {@code 1.5}); {@link Boolean};
 * {@link LocalDate}; {@link LocalDateTime}; {@code byte[]} (copied). Anything else is rejected.
 *
 * <p>{@link #text()} is the canonical, reversible text form the failure log stores and indexes, for
 * example {@code issue_id=7, user_id='u''1', day=DATE'2025-03-01', raw=X'0aff'}. It is parsed by
 * {@link #parse(String)}, never executed. Two keys are equal when their texts are equal.
 * {@link #toString()} names the columns only, so a key logged by accident does not show its values.
 *
 * <p>It belongs to the app-side helper: it carries its column names and compares by its canonical text,
 * unlike the migration engine's own row keys, which are typed by a plan and compare by value.
 */
public final class PrimaryKeyValues {
    private final List<String> columns;
    private final List<Object> values;
    private final String text;

    private PrimaryKeyValues(List<String> columns, List<Object> values) {
        this.columns = columns;
        this.values = values;
        this.text = render(columns, values);
    }

    /** A single-column key. */
    public static PrimaryKeyValues of(String column, Object value) {
        return of(List.of(column), Collections.singletonList(value));
    }

    /** A two-column key, in key order. */
    public static PrimaryKeyValues of(String column1, Object value1, String column2, Object value2) {
        return of(List.of(column1, column2), java.util.Arrays.asList(value1, value2));
    }

    /**
     * A key of any width: {@code columns} (plain SQL identifiers, distinct) and {@code values} in key order,
     * of equal, non-zero length.
     *
     * @throws IllegalArgumentException on a null, duplicate or invalid column, a null value or an
     *     unsupported value type
     */
    public static PrimaryKeyValues of(List<String> columns, List<?> values) {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(values, "values");
        if (columns.isEmpty() || columns.size() != values.size()) {
            throw new IllegalArgumentException("a key needs one value per column and at least one column");
        }
        List<String> names = new ArrayList<>(columns.size());
        List<Object> normalised = new ArrayList<>(values.size());
        for (int i = 0; i < columns.size(); i++) {
            String name = Names.requireColumn("key column", columns.get(i));
            for (String seen : names) {
                if (seen.equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("key column appears twice: " + name);
                }
            }
            names.add(name);
            normalised.add(normalise(name, values.get(i)));
        }
        return new PrimaryKeyValues(Collections.unmodifiableList(names), Collections.unmodifiableList(normalised));
    }

    /** Reads a key back from {@link #text()}. */
    public static PrimaryKeyValues parse(String text) {
        return new Parser(Objects.requireNonNull(text, "text")).key();
    }

    /** The key columns, in key order. */
    public List<String> columns() {
        return columns;
    }

    /** The normalised values, in key order; {@code byte[]} values are shared, do not modify them. */
    public List<Object> values() {
        return values;
    }

    /** Whether {@code column} is one of the key columns (compared without regard to case, as SQL does). */
    public boolean contains(String column) {
        for (String c : columns) {
            if (c.equalsIgnoreCase(column)) {
                return true;
            }
        }
        return false;
    }

    /** The canonical text form; contains the key values. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimaryKeyValues other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Column names only, never values. */
    @Override
    public String toString() {
        return "PrimaryKeyValues" + columns;
    }

    private static Object normalise(String column, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("key column " + column + " has no value");
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (value instanceof BigDecimal d) {
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() <= 0) {
                return normalise(column, stripped.toBigIntegerExact());
            }
            return stripped;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof String || value instanceof Boolean || value instanceof LocalDate
                || value instanceof LocalDateTime) {
            return value;
        }
        throw new IllegalArgumentException("key column " + column + " has an unsupported type: "
                + value.getClass().getSimpleName());
    }

    private static String render(List<String> columns, List<Object> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(columns.get(i)).append('=');
            Object v = values.get(i);
            if (v instanceof String s) {
                out.append('\'').append(s.replace("'", "''")).append('\'');
            } else if (v instanceof Boolean b) {
                out.append(b ? "TRUE" : "FALSE");
            } else if (v instanceof LocalDate d) {
                out.append("DATE'").append(d).append('\'');
            } else if (v instanceof LocalDateTime t) {
                out.append("TIMESTAMP'").append(t).append('\'');
            } else if (v instanceof byte[] bytes) {
                out.append("X'").append(HexFormat.of().formatHex(bytes)).append('\'');
            } else if (v instanceof BigDecimal d) {
                out.append(d.toPlainString());
            } else {
                out.append(v); // Long or BigInteger
            }
        }
        return out.toString();
    }

    /** Parses exactly what {@link #render} writes. Error messages never quote the text. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        PrimaryKeyValues key() {
            List<String> columns = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            while (true) {
                columns.add(name());
                expect('=');
                values.add(value());
                if (pos == text.length()) {
                    break;
                }
                expect(',');
                expect(' ');
            }
            return of(columns, values);
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error();
            }
            return text.substring(start, pos);
        }

        private Object value() {
            if (pos >= text.length()) {
                throw error();
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                return quoted();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            String word = word();
            switch (word) {
                case "TRUE":
                    return Boolean.TRUE;
                case "FALSE":
                    return Boolean.FALSE;
                case "DATE":
                    try {
                        return LocalDate.parse(quoted());
                    } catch (DateTimeParseException e) {
                        throw error();
                    }
                case "TIMESTAMP":
                    try {
                        return LocalDateTime.parse(quoted());
                    } catch (DateTimeParseException e) {
                        throw error();
                    }
                case "X":
                    try {
                        return HexFormat.of().parseHex(quoted().toLowerCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw error();
                    }
                default:
                    throw error();
            }
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= 'A' && text.charAt(pos) <= 'Z') {
                pos++;
            }
            return text.substring(start, pos);
        }

        private Object number() {
            int start = pos;
            if (text.charAt(pos) == '-') {
                pos++;
            }
            boolean fraction = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.' && !fraction) {
                    fraction = true;
                } else if (c < '0' || c > '9') {
                    break;
                }
                pos++;
            }
            String digits = text.substring(start, pos);
            try {
                return fraction ? new BigDecimal(digits) : new BigInteger(digits);
            } catch (NumberFormatException e) {
                throw error();
            }
        }

        private String quoted() {
            expect('\'');
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c != '\'') {
                    out.append(c);
                } else if (pos < text.length() && text.charAt(pos) == '\'') {
                    out.append('\'');
                    pos++;
                } else {
                    return out.toString();
                }
            }
            throw error();
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error();
            }
            pos++;
        }

        private IllegalArgumentException error() {
            return new IllegalArgumentException("not a PrimaryKeyValues text (at character " + pos + ")");
        }
    }
}
