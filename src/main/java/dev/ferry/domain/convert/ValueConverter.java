package dev.ferry.domain.convert;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.plan.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Converts one value decoded from the remote's JSON into the Java type bound for its column, or
 * fails with VALUE_CONVERSION (permanent). Nothing is rounded or truncated silently: a decimal with
 * more digits than the column holds, a string longer than its size or a fractional integer fails.
 */
public final class ValueConverter {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Numbers with more digits than this (either side of the point) are refused before any arithmetic. */
    static final int MAX_DIGITS = 1_000;

    private ValueConverter() {
    }

    public static Object convert(Column column, Object value) {
        if (value == null) {
            if (!column.nullable()) {
                throw fail(column, "is not nullable but the value is null");
            }
            return null;
        }
        return switch (column.type()) {
            case INTEGER -> toInteger(column, value);
            case DECIMAL -> toDecimal(column, value);
            case DOUBLE -> toDouble(column, value);
            case STRING -> toText(column, value);
            case BOOLEAN -> toBoolean(column, value);
            case DATE -> toDate(column, value);
            case DATETIME, TIMESTAMP -> toDateTime(column, value);
            case JSON -> toJson(column, value);
            case BINARY -> toBinary(column, value);
        };
    }

    private static Object toInteger(Column column, Object value) {
        BigDecimal exact = exactNumber(column, value);
        BigInteger whole;
        try {
            whole = exact.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw fail(column, "expects a whole number, got " + excerpt(value));
        }
        IntegerRange range = IntegerRange.of(column);
        if (!range.contains(whole)) {
            throw fail(column, "is out of range for " + range + ": " + excerpt(value));
        }
        if (whole.compareTo(LONG_MIN) >= 0 && whole.compareTo(LONG_MAX) <= 0) {
            return whole.longValue();
        }
        return whole;
    }

    private static BigDecimal toDecimal(Column column, Object value) {
        BigDecimal d = exactNumber(column, value);
        BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        Integer scale = column.scale();
        if (scale != null && stripped.scale() > scale) {
            throw fail(column, "has " + stripped.scale() + " decimal places, column holds " + scale);
        }
        if (column.precision() != null) {
            int integerDigits = stripped.signum() == 0 ? 0 : stripped.precision() - stripped.scale();
            int allowed = column.precision() - (scale == null ? 0 : scale);
            if (integerDigits > allowed) {
                throw fail(column, "does not fit DECIMAL(" + column.precision() + "," + (scale == null ? 0 : scale) + "): " + excerpt(value));
            }
        }
        return d;
    }

    private static Double toDouble(Column column, Object value) {
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw fail(column, "expects a number, got " + excerpt(value));
            }
        } else {
            throw fail(column, "expects a number, got " + typeOf(value));
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw fail(column, "expects a finite number, got " + excerpt(value));
        }
        return d;
    }

    private static String toText(Column column, Object value) {
        if (!(value instanceof String s)) {
            throw fail(column, "expects a string, got " + typeOf(value));
        }
        if (column.size() != null && s.codePointCount(0, s.length()) > column.size()) {
            throw fail(column, "is longer than " + column.size() + " characters");
        }
        int lone = TextChecks.loneSurrogateAt(s);
        if (lone >= 0) {
            throw fail(column, "holds an unpaired surrogate (\\u" + Integer.toHexString(s.charAt(lone))
                    + " at index " + lone + "), which no database can store as text");
        }
        return s;
    }

    private static Boolean toBoolean(Column column, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number) {
            BigDecimal d = exactNumber(column, value);
            if (d.compareTo(BigDecimal.ONE) == 0) {
                return Boolean.TRUE;
            }
            if (d.signum() == 0) {
                return Boolean.FALSE;
            }
            throw fail(column, "expects a boolean, got " + excerpt(value));
        }
        String t = value instanceof String s ? s.trim().toLowerCase(java.util.Locale.ROOT) : null;
        if ("1".equals(t) || "true".equals(t)) {
            return Boolean.TRUE;
        }
        if ("0".equals(t) || "false".equals(t)) {
            return Boolean.FALSE;
        }
        throw fail(column, "expects a boolean, got " + excerpt(value));
    }

    private static LocalDate toDate(Column column, Object value) {
        if (value instanceof Number) {
            return TemporalRanges.requireDate(column, parseDateTime(column, value).toLocalDate());
        }
        if (value instanceof String s) {
            LocalDate date;
            try {
                date = LocalDate.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw fail(column, "expects an ISO-8601 date (yyyy-MM-dd), got " + excerpt(value));
            }
            return TemporalRanges.requireDate(column, date);
        }
        throw fail(column, "expects a date, got " + typeOf(value));
    }

    private static LocalDateTime toDateTime(Column column, Object value) {
        return TemporalRanges.requireDateTime(column, parseDateTime(column, value));
    }

    private static LocalDateTime parseDateTime(Column column, Object value) {
        if (value instanceof Number) {
            BigDecimal millis = exactNumber(column, value);
            try {
                return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis.longValueExact()), ZoneOffset.UTC);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw fail(column, "expects epoch milliseconds, got " + excerpt(value));
            }
        }
        if (!(value instanceof String s)) {
            throw fail(column, "expects a date-time, got " + typeOf(value));
        }
        String t = s.trim().replace(' ', 'T');
        try {
            if (t.endsWith("Z") || t.endsWith("z") || hasOffset(t)) {
                return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return LocalDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw fail(column, "expects an ISO-8601 date-time, got " + excerpt(value));
        }
    }

    private static boolean hasOffset(String t) {
        int timeStart = t.indexOf('T');
        if (timeStart < 0) {
            return false;
        }
        String time = t.substring(timeStart);
        return time.indexOf('+') > 0 || time.indexOf('-') > 0;
    }

    private static JsonText toJson(Column column, Object value) {
        JsonText json;
        if (value instanceof JsonText j) {
            json = j;
        } else if (value instanceof String s) {
            json = new JsonText(s);
        } else if (value instanceof Number || value instanceof Boolean) {
            json = new JsonText(value instanceof Boolean ? value.toString() : exactNumber(column, value).toPlainString());
        } else {
            throw fail(column, "expects JSON, got " + typeOf(value));
        }
        if (column.size() != null && json.json().length() > column.size()) {
            throw fail(column, "JSON is longer than " + column.size() + " characters");
        }
        try {
            JsonChecks.requireStorable(json.json());
        } catch (IllegalArgumentException e) {
            throw fail(column, "is not JSON a database can store: " + e.getMessage());
        }
        return json;
    }

    private static byte[] toBinary(Column column, Object value) {
        if (!(value instanceof String s)) {
            throw fail(column, "expects base64 text, got " + typeOf(value));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            try {
                bytes = Base64.getUrlDecoder().decode(s);
            } catch (IllegalArgumentException e2) {
                throw fail(column, "is not valid base64");
            }
        }
        if (column.size() != null && bytes.length > column.size()) {
            throw fail(column, "is " + bytes.length + " bytes, column holds " + column.size());
        }
        return bytes;
    }

    private static BigDecimal exactNumber(Column column, Object value) {
        BigDecimal d = parseNumber(column, value);
        if (d.signum() != 0 && (d.scale() > MAX_DIGITS || (long) d.precision() - d.scale() > MAX_DIGITS)) {
            throw fail(column, "has more than " + MAX_DIGITS + " digits");
        }
        return d;
    }

    private static BigDecimal parseNumber(Column column, Object value) {
        if (value instanceof Double || value instanceof Float) {
            double v = ((Number) value).doubleValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw fail(column, "expects a finite number, got " + v);
            }
        }
        try {
            if (value instanceof BigDecimal d) {
                return d;
            }
            if (value instanceof BigInteger i) {
                return new BigDecimal(i);
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return BigDecimal.valueOf(((Number) value).longValue());
            }
            if (value instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            if (value instanceof String s) {
                return new BigDecimal(s.trim());
            }
        } catch (NumberFormatException e) {
            throw fail(column, "expects a number, got " + excerpt(value));
        }
        throw fail(column, "expects a number, got " + typeOf(value));
    }

    private static String typeOf(Object value) {
        if (value instanceof JsonText j) {
            return j.json().startsWith("[") ? "an array" : "an object";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value.getClass().getSimpleName();
    }

    private static String excerpt(Object value) {
        String s = String.valueOf(value);
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    static FerryException fail(Column column, String problem) {
        return new FerryException(ErrorCode.VALUE_CONVERSION, "column " + column.name() + " " + problem);
    }
}
