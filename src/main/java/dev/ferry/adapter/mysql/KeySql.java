package dev.ferry.adapter.mysql;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.verify.RowKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL over primary keys for verification: range predicates written out column by column
 * ({@code (k1 > ?) OR (k1 = ? AND k2 > ?)}, which every MySQL-compatible server plans as an index
 * range), key lists, binding of key values, and reading typed rows. Identifiers come from the plan
 * and are quoted; values are always bound.
 */
final class KeySql {
    private KeySql() {
    }

    /** {@code `k1`, `k2`}. */
    static String keyList(DataType dataType) {
        List<String> out = new ArrayList<>();
        for (String k : dataType.primaryKey()) {
            out.add(Identifiers.quote(k));
        }
        return String.join(", ", out);
    }

    /** {@code `c1`, `c2`, …} in plan column order (as {@link JdbcValues#selectExpression} reads them). */
    static String columnList(DataType dataType) {
        List<String> out = new ArrayList<>();
        for (Column c : dataType.columns()) {
            out.add(JdbcValues.selectExpression(c));
        }
        return String.join(", ", out);
    }

    /** Keys greater than the bound: {@code (k1 > ?) OR (k1 = ? AND k2 > ?) …}; binds 1 + 2 + … + n values. */
    static String after(DataType dataType) {
        return compare(dataType, ">", false);
    }

    /** Keys up to the bound, inclusive: {@code (k1 < ?) OR (k1 = ? AND k2 < ?) … OR (k1 = ? AND … kn = ?)}. */
    static String upTo(DataType dataType) {
        return compare(dataType, "<", true);
    }

    private static String compare(DataType dataType, String op, boolean orEqual) {
        List<String> key = dataType.primaryKey();
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(Identifiers.quote(key.get(j)) + " = ?");
            }
            parts.add(Identifiers.quote(key.get(i)) + " " + op + " ?");
            alternatives.add("(" + String.join(" AND ", parts) + ")");
        }
        if (orEqual) {
            alternatives.add("(" + equal(dataType) + ")");
        }
        return String.join(" OR ", alternatives);
    }

    /** {@code `k1` = ? AND `k2` = ?}. */
    static String equal(DataType dataType) {
        List<String> parts = new ArrayList<>();
        for (String k : dataType.primaryKey()) {
            parts.add(Identifiers.quote(k) + " = ?");
        }
        return String.join(" AND ", parts);
    }

    /** Binds the values {@link #after} or {@link #upTo} expects; returns the next parameter index. */
    static int bindCompare(PreparedStatement ps, int index, DataType dataType, RowKey key, boolean orEqual)
            throws SQLException {
        List<Column> columns = RowKey.keyColumns(dataType);
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j <= i; j++) {
                JdbcValues.bind(ps, index++, columns.get(j), key.values().get(j));
            }
        }
        if (orEqual) {
            index = bindKey(ps, index, dataType, key);
        }
        return index;
    }

    /** Binds a key's values in key order; returns the next parameter index. */
    static int bindKey(PreparedStatement ps, int index, DataType dataType, RowKey key) throws SQLException {
        List<Column> columns = RowKey.keyColumns(dataType);
        if (key.size() != columns.size()) {
            throw new FerryException(ErrorCode.INTERNAL, dataType.name() + ": a key of " + key.size()
                    + " values for a primary key of " + columns.size());
        }
        for (int i = 0; i < columns.size(); i++) {
            JdbcValues.bind(ps, index++, columns.get(i), key.values().get(i));
        }
        return index;
    }


}
