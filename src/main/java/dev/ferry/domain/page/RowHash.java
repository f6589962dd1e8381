package dev.ferry.domain.page;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A content hash of a row, computed by Ferry (never by the database), over a canonical encoding of
 * each value: numbers by value (1.50 equals 1.5; a FLOAT by the digits of its single-precision value),
 * date-times and TIMEs to the microsecond, JSON in
 * {@link CanonicalJson canonical form} (key order and whitespace do not matter), bytes as bytes. Two rows with equal values in
 * the same column order have equal hashes whatever their Java types.
 */
public record RowHash(String hex) {

    public static RowHash of(Row row) {
        MessageDigest digest = sha256();
        for (Object value : row.values()) {
            byte[] encoded = canonical(value);
            digest.update(intBytes(encoded.length));
            digest.update(encoded);
        }
        return new RowHash(HexFormat.of().formatHex(digest.digest()));
    }

    static byte[] canonical(Object value) {
        if (value == null) {
            return new byte[] {0};
        }
        if (value instanceof byte[] bytes) {
            byte[] out = new byte[bytes.length + 1];
            out[0] = 'b';
            System.arraycopy(bytes, 0, out, 1, bytes.length);
            return out;
        }
        return ("" + tag(value) + text(value)).getBytes(StandardCharsets.UTF_8);
    }

    private static char tag(Object value) {
        if (value instanceof Number) {
            return 'n';
        }
        if (value instanceof Boolean) {
            return 'z';
        }
        if (value instanceof JsonText) {
            return 'j';
        }
        if (value instanceof LocalDateTime) {
            return 't';
        }
        return 's';
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return CanonicalJson.plain(d);
        }
        if (value instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                return f.toString();
            }
            return CanonicalJson.plain(new BigDecimal(Float.toString(f)));
        }
        if (value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
            BigDecimal b = BigDecimal.valueOf(d);
            return CanonicalJson.plain(b);
        }
        if (value instanceof BigInteger || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof LocalDateTime t) {
            return t.truncatedTo(ChronoUnit.MICROS).toString();
        }
        if (value instanceof JsonText j) {
            return CanonicalJson.of(j.json());
        }
        if (value instanceof Duration d) {
            return TimeText.canonical(d);
        }
        return value.toString();
    }

    private static byte[] intBytes(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
