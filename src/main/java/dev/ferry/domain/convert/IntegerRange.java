package dev.ferry.domain.convert;

import dev.ferry.domain.plan.Column;
import java.math.BigInteger;

/**
 * The values an INTEGER column holds: by its size in bytes (1 TINYINT … 8 BIGINT, the default) and
 * whether it is unsigned, as in MySQL and TiDB.
 */
record IntegerRange(BigInteger min, BigInteger max, String sqlType) {

    static IntegerRange of(Column column) {
        int bytes = column.size() == null ? 8 : column.size();
        String name = switch (bytes) {
            case 1 -> "TINYINT";
            case 2 -> "SMALLINT";
            case 3 -> "MEDIUMINT";
            case 4 -> "INT";
            default -> "BIGINT";
        };
        int bits = 8 * bytes;
        if (column.unsigned()) {
            return new IntegerRange(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE),
                    name + " UNSIGNED");
        }
        BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
        return new IntegerRange(half.negate(), half.subtract(BigInteger.ONE), name);
    }

    boolean contains(BigInteger value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    @Override
    public String toString() {
        return sqlType + " (" + min + " to " + max + ")";
    }
}
