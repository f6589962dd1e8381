package dev.ferry.domain.convert;

import dev.ferry.domain.plan.Column;
import java.math.BigInteger;

/**
 * The values an INTEGER column holds: by its size in bytes (1 TINYINT … 8 BIGINT, the default) and
 * whether it is unsigned, as in MySQL and TiDB. Ranges are built once per size and kind: converting a
 * value looks its range up and, for a whole number that fits a {@code long}, compares longs.
 */
final class IntegerRange {
    private static final IntegerRange[] SIGNED = new IntegerRange[9];
    private static final IntegerRange[] UNSIGNED = new IntegerRange[9];

    static {
        for (int bytes = 1; bytes <= 8; bytes++) {
            SIGNED[bytes] = build(bytes, false);
            UNSIGNED[bytes] = build(bytes, true);
        }
    }

    private final BigInteger min;
    private final BigInteger max;
    private final long minLong;
    private final long maxLong;
    private final String sqlType;

    private IntegerRange(BigInteger min, BigInteger max, String sqlType) {
        this.min = min;
        this.max = max;
        this.minLong = min.max(BigInteger.valueOf(Long.MIN_VALUE)).longValue();
        this.maxLong = max.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        this.sqlType = sqlType;
    }

    static IntegerRange of(Column column) {
        int bytes = column.size() == null ? 8 : column.size();
        if (bytes >= 1 && bytes <= 8) {
            return column.unsigned() ? UNSIGNED[bytes] : SIGNED[bytes];
        }
        return build(bytes, column.unsigned());
    }

    private static IntegerRange build(int bytes, boolean unsigned) {
        String name = switch (bytes) {
            case 1 -> "TINYINT";
            case 2 -> "SMALLINT";
            case 3 -> "MEDIUMINT";
            case 4 -> "INT";
            default -> "BIGINT";
        };
        int bits = 8 * bytes;
        if (unsigned) {
            return new IntegerRange(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE),
                    name + " UNSIGNED");
        }
        BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
        return new IntegerRange(half.negate(), half.subtract(BigInteger.ONE), name);
    }

    boolean contains(BigInteger value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    /** As {@link #contains(BigInteger)}, for a value held in a {@code long}. */
    boolean contains(long value) {
        // a range reaching past a long's own bounds (BIGINT UNSIGNED) holds every long at or above its minimum
        return value >= minLong && value <= maxLong;
    }

    @Override
    public String toString() {
        return sqlType + " (" + min + " to " + max + ")";
    }
}
