package dev.ferry.domain.convert;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a remote page into rows in the plan's column order. Headers are matched to the plan's
 * columns by name, so a remote may send them in any order; a missing, unknown or repeated header
 * fails with HEADERS_MISMATCH, a row of the wrong length with ROW_ARITY, a bad value with
 * VALUE_CONVERSION (naming the row, its key and the column), two rows with one primary key with
 * DUPLICATE_KEY_IN_PAGE (all permanent). Either the whole page converts, every value checked against
 * its column before anything is written, or nothing does.
 */
public final class PageConverter {
    private PageConverter() {
    }

    public static List<Row> convert(DataType dataType, RemotePage page) {
        return convert(dataType, page, null);
    }

    /**
     * As {@link #convert(DataType, RemotePage)}, naming in every refusal where the page came from.
     *
     * @param position e.g. {@code page after cursor "abc"}; null names nothing
     */
    public static List<Row> convert(DataType dataType, RemotePage page, String position) {
        return convertWithKeys(dataType, page, position).rows();
    }

    /**
     * A converted page: its rows and their primary keys, both in the page's order.
     *
     * @param rows the rows, typed as {@link Row} promises
     * @param keys each row's primary key, found while checking that no two rows share one
     */
    public record Converted(List<Row> rows, List<RowKey> keys) {
    }

    /** As {@link #convert(DataType, RemotePage, String)}, keeping the keys it checked for whoever needs them next. */
    public static Converted convertWithKeys(DataType dataType, RemotePage page, String position) {
        if (page.data().isEmpty()) {
            return new Converted(List.of(), List.of());
        }
        String where = dataType.name() + (position == null ? "" : ": " + position);
        int[] planIndexOfHeader = mapHeaders(dataType, page.headers(), where);
        List<Column> columns = dataType.columns();
        List<Row> rows = new ArrayList<>(page.data().size());
        Map<RowKey, Integer> keys = new HashMap<>(page.data().size() * 2);
        List<RowKey> keyList = new ArrayList<>(page.data().size());
        int rowNumber = 0;
        for (List<Object> raw : page.data()) {
            if (raw == null || raw.size() != planIndexOfHeader.length) {
                throw new FerryException(ErrorCode.ROW_ARITY, where + ": row " + rowNumber + " has "
                        + (raw == null ? 0 : raw.size()) + " values, headers name " + planIndexOfHeader.length);
            }
            Object[] values = new Object[columns.size()];
            for (int h = 0; h < planIndexOfHeader.length; h++) {
                int target = planIndexOfHeader[h];
                try {
                    values[target] = ValueConverter.convert(columns.get(target), raw.get(h));
                } catch (FerryException e) {
                    throw new FerryException(e.code(), where + ": row " + rowNumber + " (key "
                            + keyText(dataType, planIndexOfHeader, raw) + "): " + e.getMessage());
                }
            }
            Row row = new Row(java.util.Arrays.asList(values));
            RowKey key = RowKey.of(dataType, row);
            Integer earlier = keys.putIfAbsent(key, rowNumber);
            if (earlier != null) {
                throw new FerryException(ErrorCode.DUPLICATE_KEY_IN_PAGE, where + ": rows " + earlier + " and "
                        + rowNumber + " have the same primary key " + key
                        + "; a page must hold each row once (page refused, nothing written)");
            }
            rows.add(row);
            keyList.add(key);
            rowNumber++;
        }
        return new Converted(rows, keyList);
    }

    /** The row's key for a message, converted where possible, else as sent (cut short). */
    private static String keyText(DataType dataType, int[] planIndexOfHeader, List<Object> raw) {
        List<Object> key = new ArrayList<>();
        for (int pk : dataType.primaryKeyIndexes()) {
            for (int h = 0; h < planIndexOfHeader.length; h++) {
                if (planIndexOfHeader[h] == pk) {
                    key.add(raw.get(h));
                }
            }
        }
        try {
            List<Object> converted = new ArrayList<>();
            int i = 0;
            for (int pk : dataType.primaryKeyIndexes()) {
                converted.add(ValueConverter.convert(dataType.columns().get(pk), key.get(i++)));
            }
            return RowKey.of(converted).toString();
        } catch (RuntimeException unconvertible) {
            String text = key.toString();
            return text.length() > 60 ? text.substring(0, 60) + "…]" : text;
        }
    }

    private static int[] mapHeaders(DataType dataType, List<String> headers, String where) {
        Map<String, Integer> planIndex = new HashMap<>();
        List<Column> columns = dataType.columns();
        for (int i = 0; i < columns.size(); i++) {
            planIndex.put(columns.get(i).name().toLowerCase(java.util.Locale.ROOT), i);
        }
        int[] mapping = new int[headers.size()];
        boolean[] covered = new boolean[columns.size()];
        TreeSet<String> unknown = new TreeSet<>();
        TreeSet<String> repeated = new TreeSet<>();
        for (int h = 0; h < headers.size(); h++) {
            String header = headers.get(h) == null ? "" : headers.get(h);
            Integer index = planIndex.get(header.toLowerCase(java.util.Locale.ROOT));
            if (index == null) {
                unknown.add(excerpt(header));
                continue;
            }
            if (covered[index]) {
                repeated.add(header);
            }
            covered[index] = true;
            mapping[h] = index;
        }
        TreeSet<String> missing = new TreeSet<>();
        for (int i = 0; i < covered.length; i++) {
            if (!covered[i]) {
                missing.add(columns.get(i).name());
            }
        }
        if (!unknown.isEmpty() || !missing.isEmpty() || !repeated.isEmpty()) {
            throw new FerryException(ErrorCode.HEADERS_MISMATCH, where + ": headers do not match the plan"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unknown.isEmpty() ? "" : "; unknown " + unknown)
                    + (repeated.isEmpty() ? "" : "; repeated " + repeated));
        }
        return mapping;
    }

    private static String excerpt(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
