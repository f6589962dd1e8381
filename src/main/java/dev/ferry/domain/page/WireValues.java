package dev.ferry.domain.page;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The JSON forms of the values of MySQL's further column types, shared by everything Ferry writes
 * (the remote contract's keys and rows, Event Files): a FLOAT as the plain decimal digits of its
 * single-precision value, BIT and YEAR as whole numbers, TIME as {@link TimeText#canonical}, a UUID as
 * its canonical lower-case text.
 */
public final class WireValues {
    private WireValues() {
    }

    /** {@code 1.2345678}, never in exponent form. */
    public static BigDecimal floatNumber(Float value) {
        return new BigDecimal(Float.toString(value));
    }

    /** A whole number (BIT, YEAR) as BigInteger. */
    public static BigInteger whole(Object value) {
        if (value instanceof BigInteger b) {
            return b;
        }
        if (value instanceof BigDecimal d) {
            return d.toBigIntegerExact();
        }
        return BigInteger.valueOf(((Number) value).longValue());
    }

    public static String time(Object value) {
        return TimeText.canonical((Duration) value);
    }

    /** {@code 123e4567-e89b-12d3-a456-426614174000}. */
    public static String uuid(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a UUID is 16 bytes, not " + bytes.length);
        }
        String hex = HexFormat.of().formatHex(bytes);
        return hex.substring(0, 8) + '-' + hex.substring(8, 12) + '-' + hex.substring(12, 16) + '-' + hex.substring(16, 20)
                + '-' + hex.substring(20);
    }
}
