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
 * more digits than the column holds, a string longer than its size (in characters, or in bytes of
 * its charset), a fraction of a second finer than the column keeps or a fractional integer fails. A
 * FLOAT is rounded to single precision, as the database itself does, and hashed as such.
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
            case FLOAT -> toFloat(column, value);
            case DOUBLE -> toDouble(column, value);
            case BIT -> toBit(column, value);
            case STRING -> toText(column, value);
            case ENUM -> MySqlValues.toEnum(column, value);
            case SET -> MySqlValues.toSet(column, value);
            case BOOLEAN -> toBoolean(column, value);
            case DATE -> toDate(column, value);
            case TIME -> MySqlValues.toTime(column, value);
            case YEAR -> toYear(column, value);
            case DATETIME, TIMESTAMP -> toDateTime(column, value);
            case JSON -> toJson(column, value);
            case BINARY -> toBinary(column, value);
            case UUID -> MySqlValues.toUuid(column, value);
            case GEOMETRY -> MySqlValues.toGeometry(column, value);
        };
    }

    /** MySQL's largest FLOAT magnitude: a value beyond it is refused by the database. */
    static final double FLOAT_MAX = 3.402823466E+38;
    /** YEAR's range; 0000, MySQL's zero year, is refused like zero dates. */
    static final int MIN_YEAR = 1901;
    static final int MAX_YEAR = 2155;

    private static Float toFloat(Column column, Object value) {
        BigDecimal exact = value instanceof String || value instanceof Number ? exactNumber(column, value) : null;
        if (exact == null) {
            throw fail(column, "expects a number, got " + typeOf(value));
        }
        float f = Float.parseFloat(exact.toString());
        if (Float.isInfinite(f) || Math.abs((double) f) > FLOAT_MAX) {
            throw fail(column, "is out of range for FLOAT (-3.402823466E+38 to 3.402823466E+38): " + excerpt(value));
        }
        checkUnsignedAndDigits(column, exact, "FLOAT");
        return f == 0.0f ? 0.0f : f;
    }

    private static void checkUnsignedAndDigits(Column column, BigDecimal exact, String type) {
        if (column.unsigned() && exact.signum() < 0) {
            throw fail(column, "is negative, the column is " + type + " UNSIGNED: " + exact.toPlainString());
        }
        if (column.precision() != null && column.scale() != null) {
            BigDecimal stripped = exact.signum() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros();
            int integerDigits = stripped.signum() == 0 ? 0 : stripped.precision() - stripped.scale();
            if (stripped.scale() > column.scale() || integerDigits > column.precision() - column.scale()) {
                throw fail(column, "does not fit " + type + "(" + column.precision() + "," + column.scale() + ") without rounding: "
                        + exact.toPlainString());
            }
        }
    }

    private static Object toBit(Column column, Object value) {
        BigInteger whole;
        if (value instanceof Boolean b) {
            whole = b ? BigInteger.ONE : BigInteger.ZERO;
        } else {
            try {
                whole = exactNumber(column, value).toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw fail(column, "expects a whole number, got " + excerpt(value));
            }
        }
        int bits = column.size();
        if (whole.signum() < 0 || whole.bitLength() > bits) {
            throw fail(column, "is out of range for BIT(" + bits + ") (0 to " + BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    + "): " + excerpt(value));
        }
        return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
    }

    private static Integer toYear(Column column, Object value) {
        if (!(value instanceof Number) && !(value instanceof String)) {
            throw fail(column, "expects a year (a number from " + MIN_YEAR + " to " + MAX_YEAR + "), got " + typeOf(value));
        }
        BigInteger whole;
        try {
            whole = exactNumber(column, value).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw fail(column, "expects a whole year, got " + excerpt(value));
        }
        if (whole.signum() == 0) {
            throw fail(column, "is the zero year 0000, which is not a year: send null (a nullable column) instead");
        }
        if (whole.compareTo(BigInteger.valueOf(MIN_YEAR)) < 0 || whole.compareTo(BigInteger.valueOf(MAX_YEAR)) > 0) {
            throw fail(column, "is outside the YEAR range " + MIN_YEAR + " to " + MAX_YEAR + ": " + excerpt(value));
        }
        return whole.intValue();
    }

    private static Object toInteger(Column column, Object value) {
        BigDecimal exact = exactNumber(column, value);
        IntegerRange range = IntegerRange.of(column);
        if (exact.scale() == 0 && exact.precision() <= 18) { // the usual case: a whole number well within a long
            long whole = exact.longValue();
            if (!range.contains(whole)) {
                throw fail(column, "is out of range for " + range + ": " + excerpt(value));
            }
            return whole;
        }
        BigInteger whole;
        try {
            whole = exact.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw fail(column, "expects a whole number, got " + excerpt(value));
        }
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
        if (column.unsigned() && d.signum() < 0) {
            throw fail(column, "is negative, the column is DECIMAL UNSIGNED: " + excerpt(value));
        }
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
        if (column.unsigned() || column.scale() != null) {
            checkUnsignedAndDigits(column, new BigDecimal(Double.toString(d)), "DOUBLE");
        }
        return d;
    }

    private static String toText(Column column, Object value) {
        if (!(value instanceof String s)) {
            throw fail(column, "expects a string, got " + typeOf(value));
        }
        // a string has no more code points than chars: count them only when the chars alone exceed the size
        if (column.size() != null && s.length() > column.size() && s.codePointCount(0, s.length()) > column.size()) {
            throw fail(column, "is longer than " + column.size() + " characters");
        }
        int lone = TextChecks.loneSurrogateAt(s);
        if (lone >= 0) {
            throw fail(column, "holds an unpaired surrogate (\\u" + Integer.toHexString(s.charAt(lone))
                    + " at index " + lone + "), which no database can store as text");
        }
        TextChecks.requireStorable(column, s);
        if (column.fixed() && s.endsWith(" ")) {
            throw fail(column, "ends with a space, which a CHAR(" + column.size() + ") column drops when read");
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
            requireNotZeroDate(column, s);
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
        if (value instanceof String s) {
            requireNotZeroDate(column, s);
        }
        LocalDateTime time = TemporalRanges.requireDateTime(column, parseDateTime(column, value));
        TemporalRanges.requireFsp(column, time.getNano(), value);
        return time;
    }

    /** MySQL's zero dates ({@code 0000-00-00}, a zero month or day) are no dates: refused with their own message. */
    private static void requireNotZeroDate(Column column, String s) {
        String t = s.trim();
        if (t.length() >= 10 && t.charAt(4) == '-' && t.charAt(7) == '-'
                && (t.startsWith("0000") || t.startsWith("00", 5) || t.startsWith("00", 8))) {
            throw fail(column, "is a zero date (" + excerpt(t) + "): MySQL's 0000-00-00 and dates with a zero month or"
                    + " day are not dates and no " + column.type() + " outside MySQL's zero-date modes holds them;"
                    + " send null (a nullable column) instead");
        }
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
        LocalDateTime common = IsoDateTimes.parseOrNull(s);
        if (common != null) {
            return common;
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

    static byte[] base64(Column column, Object value) {
        if (!(value instanceof String s)) {
            throw fail(column, "expects base64 text, got " + typeOf(value));
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(s);
            } catch (IllegalArgumentException e2) {
                throw fail(column, "is not valid base64");
            }
        }
    }

    private static byte[] toBinary(Column column, Object value) {
        byte[] bytes = base64(column, value);
        if (column.size() != null && bytes.length > column.size()) {
            throw fail(column, "is " + bytes.length + " bytes, column holds " + column.size());
        }
        if (column.fixed() && bytes.length != column.size()) {
            throw fail(column, "is " + bytes.length + " bytes, a BINARY(" + column.size() + ") holds exactly "
                    + column.size() + " (the database would pad it with zero bytes)");
        }
        return bytes;
    }

    static BigDecimal exactNumber(Column column, Object value) {
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

    static String typeOf(Object value) {
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

    static String excerpt(Object value) {
        String s = String.valueOf(value);
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    static FerryException fail(Column column, String problem) {
        return new FerryException(ErrorCode.VALUE_CONVERSION, "column " + column.name() + " " + problem);
    }
}
