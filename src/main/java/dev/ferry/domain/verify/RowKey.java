package dev.ferry.domain.verify;

import dev.ferry.domain.convert.ValueConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.CanonicalJson;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A row's primary key: its values in the plan's {@code primaryKey} order, typed as in {@link Row}.
 *
 * <p><b>Equality</b> is by value, whatever the Java type: numbers by value (7, 7L and 7.0 are one
 * key), date-times to the microsecond, bytes by content.
 *
 * <p><b>Order</b> is the one verification assumes both sides sort primary keys in: column by column,
 * numbers by value, text by Unicode code point (what a binary collation such as
 * {@code utf8mb4_bin} gives), bytes as unsigned bytes, dates and date-times chronologically, false
 * before true.
 */
public final class RowKey implements Comparable<RowKey> {
    private final List<Object> values;
    private final List<Object> identity;

    private RowKey(List<Object> values) {
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
        List<Object> id = new ArrayList<>(values.size());
        for (Object v : values) {
            id.add(identity(v));
        }
        this.identity = id;
    }

    /** A key from its values, in primary key order; none may be null. */
    public static RowKey of(List<Object> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty() || values.contains(null)) {
            throw new IllegalArgumentException("a primary key needs at least one value and no nulls");
        }
        if (values.stream().anyMatch(v -> v instanceof DataType || v instanceof Row || v instanceof RowKey)) {
            // of(dataType, someValue) picks the varargs overload: a key holding a plan object is always a mistake
            throw new IllegalArgumentException("a primary key's values are column values, not a data type, row or key");
        }
        return new RowKey(values);
    }

    public static RowKey of(Object... values) {
        return of(Arrays.asList(values));
    }

    /** The key of a row of {@code dataType} (values in plan column order). */
    public static RowKey of(DataType dataType, Row row) {
        int[] pk = dataType.primaryKeyIndexes();
        List<Object> key = new ArrayList<>(pk.length);
        for (int i : pk) {
            Object value = row.get(i);
            if (value == null) {
                throw new FerryException(ErrorCode.VALUE_CONVERSION, dataType.name() + ": a row has a null primary key value");
            }
            key.add(value);
        }
        return new RowKey(key);
    }

    /** Key values sent by a remote (JSON-decoded), converted with the key columns' types. */
    public static RowKey fromRemote(DataType dataType, List<Object> raw) {
        List<Column> columns = keyColumns(dataType);
        if (raw == null || raw.size() != columns.size()) {
            throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name() + ": a key has "
                    + (raw == null ? 0 : raw.size()) + " values, the primary key has " + columns.size());
        }
        List<Object> key = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object value;
            try {
                value = ValueConverter.convert(columns.get(i), raw.get(i));
            } catch (FerryException e) {
                throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name() + ": key value: " + e.getMessage());
            }
            if (value == null) {
                throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name() + ": a key value is null");
            }
            key.add(value);
        }
        return new RowKey(key);
    }

    /** The primary key columns of a data type, in key order. */
    public static List<Column> keyColumns(DataType dataType) {
        List<Column> columns = new ArrayList<>();
        for (int i : dataType.primaryKeyIndexes()) {
            columns.add(dataType.columns().get(i));
        }
        return columns;
    }

    public List<Object> values() {
        return values;
    }

    public int size() {
        return values.size();
    }

    /** Whether this key lies in {@code (after, upTo]}; a null bound is open. */
    public boolean within(RowKey after, RowKey upTo) {
        return (after == null || compareTo(after) > 0) && (upTo == null || compareTo(upTo) <= 0);
    }

    @Override
    public int compareTo(RowKey other) {
        int n = Math.min(values.size(), other.values.size());
        for (int i = 0; i < n; i++) {
            int c = compareValues(values.get(i), other.values.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.size(), other.values.size());
    }

    /** The order of one key value against another (see the class comment). */
    public static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
            return x.truncatedTo(ChronoUnit.MICROS).compareTo(y.truncatedTo(ChronoUnit.MICROS));
        }
        if (a instanceof JsonText x && b instanceof JsonText y) {
            return compareCodePoints(x.json(), y.json());
        }
        if (a != null && b != null && a.getClass() == b.getClass() && a instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) a;
            return comparable.compareTo(b);
        }
        return Integer.compare(rank(a), rank(b));
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int rank(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean) {
            return 1;
        }
        if (v instanceof Number) {
            return 2;
        }
        if (v instanceof String) {
            return 3;
        }
        if (v instanceof byte[]) {
            return 4;
        }
        return 5;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static Object identity(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            // what the decimal path below gives for a whole number, without building a BigDecimal
            return "n" + ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            BigDecimal d = decimal(n);
            return "n" + CanonicalJson.plain(d);
        }
        if (v instanceof byte[] b) {
            return "b" + HexFormat.of().formatHex(b);
        }
        if (v instanceof LocalDateTime t) {
            return t.truncatedTo(ChronoUnit.MICROS);
        }
        return v;
    }

    // ---- text forms ------------------------------------------------------------------------

    /**
     * A self-contained text form for state tables: each value's text (numbers plain, dates and
     * date-times ISO-8601, bytes base64, text as is), base64url-encoded, joined by dots.
     * {@link #decode} reads it back with the key columns' types.
     */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (Object v : values) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(Base64.getUrlEncoder().withoutPadding().encodeToString(text(v).getBytes(StandardCharsets.UTF_8)));
        }
        return out.toString();
    }

    /** Reverses {@link #encode()}; null in, null out. */
    public static RowKey decode(DataType dataType, String encoded) {
        if (encoded == null) {
            return null;
        }
        List<Column> columns = keyColumns(dataType);
        String[] parts = encoded.split("\\.", -1);
        if (parts.length != columns.size()) {
            throw new FerryException(ErrorCode.INTERNAL, dataType.name() + ": stored key has " + parts.length
                    + " values, the primary key has " + columns.size());
        }
        List<Object> key = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String text = new String(Base64.getUrlDecoder().decode(parts[i]), StandardCharsets.UTF_8);
            key.add(ValueConverter.convert(columns.get(i), text));
        }
        return new RowKey(key);
    }

    private static String text(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return Long.toString(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            BigDecimal d = decimal(n);
            return CanonicalJson.plain(d);
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof LocalDateTime t) {
            return t.truncatedTo(ChronoUnit.MICROS).toString();
        }
        if (v instanceof java.time.Duration d) {
            return dev.ferry.domain.page.TimeText.canonical(d);
        }
        return String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowKey other && identity.equals(other.identity);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }

    /** For reports: {@code [42]}, {@code [7, "alice"]}; bytes as hex. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (i > 0) {
                out.append(", ");
            }
            if (v instanceof String s) {
                out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof byte[] b) {
                out.append("0x").append(HexFormat.of().formatHex(b));
            } else {
                out.append(text(v));
            }
        }
        return out.append(']').toString();
    }
}
