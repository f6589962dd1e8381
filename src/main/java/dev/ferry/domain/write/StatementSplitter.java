package dev.ferry.domain.write;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans the multi-row INSERT statements for a page: the seed's single-statement inserter, made safe.
 * Table and column names come only from the plan and are quoted; values are only ever parameters;
 * rows are packed greedily into statements that respect every {@link InsertLimits} bound. A row
 * that alone exceeds the request limit fails with ROW_TOO_LARGE (permanent).
 */
public final class StatementSplitter {
    /** Per-value overhead when a driver inlines values into the request (quotes, separators, _binary prefix). */
    private static final int VALUE_OVERHEAD = 12;

    private final InsertLimits limits;

    public StatementSplitter(InsertLimits limits) {
        this.limits = limits;
    }

    /**
     * @param database the installation database (already validated), or null to use the connection's
     * @param rows     rows in the data type's column order
     */
    public List<UpsertStatement> plan(String database, DataType dataType, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        String prefix = insertPrefix(database, dataType);
        String suffix = duplicateClause(dataType);
        String tuple = tuple(dataType.columns().size());
        int columnCount = dataType.columns().size();
        if (columnCount > limits.maxPlaceholders()) {
            throw new FerryException(ErrorCode.ROW_TOO_LARGE, dataType.name() + ": " + columnCount
                    + " columns exceed the limit of " + limits.maxPlaceholders() + " placeholders per statement");
        }
        int rowsByPlaceholders = limits.maxPlaceholders() / columnCount;
        int rowCap = Math.min(limits.maxRowsPerStatement(), rowsByPlaceholders);
        long fixedBytes = utf8(prefix) + utf8(suffix);

        List<UpsertStatement> statements = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        int count = 0;
        long bytes = fixedBytes;
        boolean binaries = false;
        for (Row row : rows) {
            long rowBytes = estimate(row) + tuple.length() + 1;
            if (fixedBytes + rowBytes > limits.maxRequestBytes()) {
                throw new FerryException(ErrorCode.ROW_TOO_LARGE, dataType.name() + ": a row of about " + rowBytes
                        + " bytes exceeds the request limit of " + limits.maxRequestBytes() + " bytes");
            }
            if (count > 0 && (count == rowCap || bytes + rowBytes > limits.maxRequestBytes())) {
                statements.add(build(prefix, tuple, suffix, params, count, bytes, binaries));
                params = new ArrayList<>();
                count = 0;
                bytes = fixedBytes;
                binaries = false;
            }
            for (Object value : row.values()) {
                params.add(value);
                binaries |= value instanceof byte[];
            }
            count++;
            bytes += rowBytes;
        }
        statements.add(build(prefix, tuple, suffix, params, count, bytes, binaries));
        return statements;
    }

    private static UpsertStatement build(String prefix, String tuple, String suffix, List<Object> params, int rows,
                                         long bytes, boolean binaries) {
        StringBuilder sql = new StringBuilder(prefix.length() + suffix.length() + rows * (tuple.length() + 2));
        sql.append(prefix);
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(tuple);
        }
        sql.append(suffix);
        return new UpsertStatement(sql.toString(), java.util.Collections.unmodifiableList(params), rows, bytes, binaries);
    }

    static String insertPrefix(String database, DataType dataType) {
        StringBuilder sb = new StringBuilder("INSERT INTO ");
        if (database != null) {
            sb.append(Identifiers.quote(database)).append('.');
        }
        sb.append(Identifiers.quote(dataType.table())).append(" (");
        List<Column> columns = dataType.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Identifiers.quote(columns.get(i).name()));
        }
        return sb.append(") VALUES ").toString();
    }

    private String duplicateClause(DataType dataType) {
        if (limits.duplicates() == DuplicatePolicy.ERROR) {
            return "";
        }
        Set<String> keys = new HashSet<>();
        dataType.primaryKey().forEach(k -> keys.add(k.toLowerCase(java.util.Locale.ROOT)));
        List<String> updates = new ArrayList<>();
        if (limits.duplicates() == DuplicatePolicy.UPDATE) {
            for (Column c : dataType.columns()) {
                if (!keys.contains(c.name().toLowerCase(java.util.Locale.ROOT))) {
                    String q = Identifiers.quote(c.name());
                    updates.add(q + " = VALUES(" + q + ")");
                }
            }
        }
        if (updates.isEmpty()) {
            String q = Identifiers.quote(dataType.primaryKey().get(0));
            updates.add(q + " = " + q);
        }
        return " ON DUPLICATE KEY UPDATE " + String.join(", ", updates);
    }

    private static String tuple(int columns) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < columns; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }

    /** A conservative estimate of the bytes a row adds to the request when its values are inlined. */
    static long estimate(Row row) {
        long total = 0;
        List<Object> values = row.values();
        for (int i = 0, n = values.size(); i < n; i++) {
            Object v = values.get(i);
            total += VALUE_OVERHEAD;
            if (v == null) {
                continue;
            }
            if (v instanceof byte[] b) {
                total += 2L * b.length;
            } else if (v instanceof String s) {
                total += escapedUtf8(s);
            } else if (v instanceof JsonText j) {
                total += escapedUtf8(j.json());
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                total += digits(((Number) v).longValue());
            } else if (v instanceof java.time.LocalDateTime) {
                total += DATE_TIME_CHARS;
            } else if (v instanceof java.time.LocalDate) {
                total += DATE_CHARS;
            } else if (v instanceof Boolean) {
                total += 5;
            } else if (v instanceof Double || v instanceof Float) {
                total += DOUBLE_CHARS;
            } else {
                total += v.toString().length();
            }
        }
        return total;
    }

    /** {@code 'yyyy-MM-dd HH:mm:ss.ffffff'}, the longest form a date-time is sent in. */
    private static final int DATE_TIME_CHARS = 26;
    private static final int DATE_CHARS = 10;
    /** The longest text of a double, {@code -2.2250738585072014E-308}. */
    private static final int DOUBLE_CHARS = 24;

    /** Characters of a long's decimal text, sign included, without making the text. */
    static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int n = value < 0 ? 2 : 1;
        long v = Math.abs(value);
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /**
     * The UTF-8 length of {@code s} plus one byte per character the driver escapes, counted in one pass
     * without encoding: ASCII 1 byte, up to U+07FF 2, other chars 3 (a surrogate pair's two chars make 6,
     * an upper bound of its 4).
     */
    static long escapedUtf8(String s) {
        long n = 0;
        for (int i = 0, length = s.length(); i < length; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? ASCII_BYTES[c] : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    /** Bytes an ASCII char takes in the request: 2 for those the driver escapes with a backslash, else 1. */
    private static final byte[] ASCII_BYTES = new byte[0x80];

    static {
        java.util.Arrays.fill(ASCII_BYTES, (byte) 1);
        for (char escaped : new char[] {'\'', '\\', '"', 0, '\n', '\r', 26}) {
            ASCII_BYTES[escaped] = 2;
        }
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
