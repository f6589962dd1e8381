package dev.ferry.domain.page;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One row with values in the plan's column order, converted to the columns' types: Long or
 * BigInteger, BigDecimal, Double, String, Boolean, LocalDate, LocalDateTime (UTC for timestamps),
 * {@link JsonText}, byte[], or null.
 */
public final class Row {
    private final List<Object> values;

    public Row(List<Object> values) {
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Row of(Object... values) {
        return new Row(Arrays.asList(values));
    }

    public List<Object> values() {
        return values;
    }

    public Object get(int index) {
        return values.get(index);
    }

    public int size() {
        return values.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row other && RowHash.of(this).equals(RowHash.of(other));
    }

    @Override
    public int hashCode() {
        return RowHash.of(this).hashCode();
    }

    @Override
    public String toString() {
        List<Object> shown = new ArrayList<>(values.size());
        for (Object v : values) {
            shown.add(v instanceof byte[] b ? "bytes[" + b.length + "]" : v);
        }
        return shown.toString();
    }
}
