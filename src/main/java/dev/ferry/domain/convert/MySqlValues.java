package dev.ferry.domain.convert;

import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.GeometryType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversion of the column types MySQL has beyond the basic ones: ENUM, SET, TIME, UUID, GEOMETRY. */
final class MySqlValues {
    /** TIME's range in MySQL and TiDB: -838:59:59 to 838:59:59 (MariaDB also takes a fraction beyond). */
    static final Duration MAX_TIME = Duration.ofHours(838).plusMinutes(59).plusSeconds(59);
    private static final Pattern TIME = Pattern.compile("(-)?(\\d{1,3}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private MySqlValues() {
    }

    // ---- ENUM and SET -------------------------------------------------------------------------

    /** One of the members, exactly as declared (case and spaces included). */
    static String toEnum(Column column, Object value) {
        if (!(value instanceof String s)) {
            throw ValueConverter.fail(column, "expects one of its members as a string, got " + ValueConverter.typeOf(value));
        }
        if (!column.members().contains(s)) {
            throw ValueConverter.fail(column, "'" + ValueConverter.excerpt(s) + "' is not one of its members "
                    + members(column));
        }
        return s;
    }

    /**
     * A set of members, sent as MySQL writes it ({@code "a,c"}, {@code ""} for none) or as a JSON array of
     * members; returned as MySQL stores and returns it: each member once, in declared order, joined by commas.
     */
    static String toSet(Column column, Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof String s) {
            if (!s.isEmpty()) {
                items.addAll(List.of(s.split(",", -1)));
            }
        } else if (value instanceof JsonText j && j.json().trim().startsWith("[")) {
            Object parsed;
            try {
                parsed = CanonicalJsonReader.read(j.json());
            } catch (IllegalArgumentException e) {
                throw ValueConverter.fail(column, "expects a JSON array of members: " + e.getMessage());
            }
            for (Object item : (List<?>) parsed) {
                if (!(item instanceof String m)) {
                    throw ValueConverter.fail(column, "expects an array of member strings, got an item "
                            + ValueConverter.excerpt(item));
                }
                items.add(m);
            }
        } else {
            throw ValueConverter.fail(column, "expects its members as \"a,b\" or [\"a\",\"b\"], got "
                    + ValueConverter.typeOf(value));
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String item : items) {
            if (!column.members().contains(item)) {
                throw ValueConverter.fail(column, "'" + ValueConverter.excerpt(item) + "' is not one of its members "
                        + members(column));
            }
            chosen.add(item);
        }
        List<String> ordered = new ArrayList<>();
        for (String m : column.members()) {
            if (chosen.contains(m)) {
                ordered.add(m);
            }
        }
        return String.join(",", ordered);
    }

    private static String members(Column column) {
        List<String> shown = column.members().size() > 10 ? column.members().subList(0, 10) : column.members();
        StringBuilder out = new StringBuilder("[");
        for (String m : shown) {
            out.append(out.length() > 1 ? ", " : "").append('\'').append(ValueConverter.excerpt(m)).append('\'');
        }
        return out.append(column.members().size() > 10 ? ", …]" : "]").toString();
    }

    // ---- TIME ---------------------------------------------------------------------------------

    /** {@code [-]H:MM:SS[.fraction]}, hours 0 to 838, as MySQL writes a TIME. */
    static Duration toTime(Column column, Object value) {
        if (!(value instanceof String s)) {
            throw ValueConverter.fail(column, "expects a time as \"[-]HH:MM:SS[.ffffff]\", got " + ValueConverter.typeOf(value));
        }
        Matcher m = TIME.matcher(s.trim());
        if (!m.matches()) {
            throw ValueConverter.fail(column, "expects a time as \"[-]HH:MM:SS[.ffffff]\", got " + ValueConverter.excerpt(s));
        }
        long minutes = Long.parseLong(m.group(3));
        long seconds = Long.parseLong(m.group(4));
        if (minutes > 59 || seconds > 59) {
            throw ValueConverter.fail(column, "has minutes or seconds over 59: " + ValueConverter.excerpt(s));
        }
        String fraction = m.group(5) == null ? "" : m.group(5);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        Duration time = Duration.ofHours(Long.parseLong(m.group(2))).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
        if (time.compareTo(MAX_TIME) > 0) {
            throw ValueConverter.fail(column, "is outside the TIME range -838:59:59 to 838:59:59: "
                    + ValueConverter.excerpt(s));
        }
        TemporalRanges.requireFsp(column, nanos, value);
        if (nanos % 1_000 != 0) {
            throw ValueConverter.fail(column, "has fractional seconds finer than microseconds: " + ValueConverter.excerpt(s));
        }
        return m.group(1) != null ? time.negated() : time;
    }

    // ---- UUID ---------------------------------------------------------------------------------

    /** The 16 bytes of a UUID, from its canonical text (in text order, as UUID_TO_BIN without swap) or base64. */
    static byte[] toUuid(Column column, Object value) {
        if (value instanceof String s && UUID_TEXT.matcher(s.trim()).matches()) {
            return HexFormat.of().parseHex(s.trim().replace("-", ""));
        }
        if (!(value instanceof String)) {
            throw ValueConverter.fail(column, "expects a UUID as text or base64, got " + ValueConverter.typeOf(value));
        }
        byte[] bytes;
        try {
            bytes = ValueConverter.base64(column, value);
        } catch (RuntimeException e) {
            throw ValueConverter.fail(column, "expects a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or the base64 of its"
                    + " 16 bytes, got " + ValueConverter.excerpt(value));
        }
        if (bytes.length != 16) {
            throw ValueConverter.fail(column, "is " + bytes.length + " bytes, a UUID is 16");
        }
        return bytes;
    }

    // ---- GEOMETRY -----------------------------------------------------------------------------

    /**
     * MySQL's storage form of a spatial value (4-byte little-endian SRID, then WKB), sent as its base64 or
     * as {@code {"srid": 4326, "wkb": "<base64 of the WKB>"}}; checked whole, and returned with its WKB
     * little-endian, as MySQL stores it.
     */
    static byte[] toGeometry(Column column, Object value) {
        byte[] stored;
        if (value instanceof JsonText j && j.json().trim().startsWith("{")) {
            stored = fromObject(column, j.json());
        } else if (value instanceof String) {
            stored = ValueConverter.base64(column, value);
        } else {
            throw ValueConverter.fail(column, "expects base64 of SRID and WKB, or {\"srid\":…,\"wkb\":…}, got "
                    + ValueConverter.typeOf(value));
        }
        Geometries.Shape shape;
        try {
            shape = Geometries.check(stored);
        } catch (IllegalArgumentException e) {
            throw ValueConverter.fail(column, "is not a geometry: it " + e.getMessage());
        }
        GeometryType expected = column.geometry();
        if (!expected.accepts(shape.wkbType())) {
            throw ValueConverter.fail(column, "holds a " + GeometryType.ofWkbType(shape.wkbType()) + ", the column is "
                    + expected);
        }
        if (column.srid() != null && shape.srid() != column.srid()) {
            throw ValueConverter.fail(column, "has SRID " + shape.srid() + ", the column holds SRID " + column.srid());
        }
        return shape.littleEndian();
    }

    private static byte[] fromObject(Column column, String json) {
        Object parsed;
        try {
            parsed = CanonicalJsonReader.read(json);
        } catch (IllegalArgumentException e) {
            throw ValueConverter.fail(column, "is not JSON: " + e.getMessage());
        }
        Map<?, ?> object = (Map<?, ?>) parsed;
        if (!(object.get("srid") instanceof BigDecimal srid) || !(object.get("wkb") instanceof String wkb)
                || object.size() != 2) {
            throw ValueConverter.fail(column, "expects {\"srid\": <number>, \"wkb\": <base64>}");
        }
        long id;
        try {
            id = srid.longValueExact();
        } catch (ArithmeticException e) {
            throw ValueConverter.fail(column, "has an SRID that is not a whole number");
        }
        if (id < 0 || id > 0xFFFFFFFFL) {
            throw ValueConverter.fail(column, "has an SRID out of range (0 to 4294967295): " + id);
        }
        byte[] body = ValueConverter.base64(column, wkb);
        byte[] stored = new byte[body.length + 4];
        stored[0] = (byte) id;
        stored[1] = (byte) (id >>> 8);
        stored[2] = (byte) (id >>> 16);
        stored[3] = (byte) (id >>> 24);
        System.arraycopy(body, 0, stored, 4, body.length);
        return stored;
    }
}
