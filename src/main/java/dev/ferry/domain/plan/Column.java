package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A destination column: its type and what MySQL/TiDB would hold in it, so that every value can be
 * checked before it is written.
 *
 * @param size      maximum characters (STRING, JSON) or bytes (BINARY); for INTEGER its storage size in bytes,
 *                  which sets its range: 1 TINYINT, 2 SMALLINT, 3 MEDIUMINT, 4 INT, 8 BIGINT (the default);
 *                  for BIT its bits, 1..64 (default 1); null means unbounded (BIGINT for INTEGER)
 * @param precision total digits for DECIMAL (and FLOAT/DOUBLE declared with (M,D)); null means unchecked
 * @param scale     digits after the point for DECIMAL, FLOAT, DOUBLE; null means unchecked
 * @param nullable  whether NULL is allowed (false unless the plan says so)
 * @param unsigned  INTEGER, DECIMAL, FLOAT, DOUBLE: no negative values (and, for INTEGER, twice the positive range)
 * @param fsp       TIME, DATETIME, TIMESTAMP: fractional-second digits kept, 0..6; a value with more is refused
 *                  (null: unchecked, as in plans written before it existed)
 * @param fixed     STRING: CHAR(size) rather than VARCHAR (trailing spaces, which CHAR drops, are refused);
 *                  BINARY: BINARY(size), exactly {@code size} bytes
 * @param maxBytes  STRING: the most bytes the text may take in {@code charset} (TEXT: 65,535); null: unchecked
 * @param charset   STRING, ENUM, SET: the column's character set; characters it cannot store are refused
 *                  (null: any valid text)
 * @param collation STRING, ENUM, SET: the column's collation, as declared (recorded, used by the generator)
 * @param members   ENUM and SET: the allowed values, in declared order
 * @param srid      GEOMETRY: the only spatial reference id its values may carry (null: any)
 * @param geometry  GEOMETRY: which spatial type (POINT …), GEOMETRY meaning any
 */
public record Column(String name, ColumnType type, Integer size, Integer precision, Integer scale, boolean nullable,
                     boolean unsigned, Integer fsp, boolean fixed, Long maxBytes, TextCharset charset,
                     String collation, List<String> members, Integer srid, GeometryType geometry) {
    private static final Set<Integer> INTEGER_SIZES = Set.of(1, 2, 3, 4, 8);
    private static final Set<ColumnType> SIGNED_NUMBERS = EnumSet.of(ColumnType.INTEGER, ColumnType.DECIMAL,
            ColumnType.FLOAT, ColumnType.DOUBLE);
    private static final Set<ColumnType> TEMPORAL = EnumSet.of(ColumnType.TIME, ColumnType.DATETIME, ColumnType.TIMESTAMP);
    private static final Set<ColumnType> TEXTUAL = EnumSet.of(ColumnType.STRING, ColumnType.ENUM, ColumnType.SET);
    private static final Pattern COLLATION = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** MySQL's limits on ENUM and SET members. */
    public static final int MAX_ENUM_MEMBERS = 65_535;
    public static final int MAX_SET_MEMBERS = 64;

    public Column {
        Identifiers.requireSqlName("column", name);
        Objects.requireNonNull(type, "type of column " + name);
        if (size != null && size < 1) {
            throw invalid(name, "size must be positive");
        }
        if (type == ColumnType.INTEGER && size != null && !INTEGER_SIZES.contains(size)) {
            throw invalid(name, "an INTEGER's size is its bytes: 1, 2, 3, 4 or 8");
        }
        if (type == ColumnType.BIT) {
            size = size == null ? 1 : size;
            if (size > 64) {
                throw invalid(name, "a BIT's size is its bits: 1 to 64");
            }
        }
        if (type == ColumnType.UUID && size != null && size != 16) {
            throw invalid(name, "a UUID is 16 bytes (BINARY(16)); leave size out");
        }
        if (unsigned && !SIGNED_NUMBERS.contains(type)) {
            throw invalid(name, "only INTEGER, DECIMAL, FLOAT and DOUBLE columns can be unsigned");
        }
        if (scale != null && (scale < 0 || (precision != null && scale > precision))) {
            throw invalid(name, "scale out of range");
        }
        if (precision != null && precision < 1) {
            throw invalid(name, "precision must be positive");
        }
        if (fsp != null && (!TEMPORAL.contains(type) || fsp < 0 || fsp > 6)) {
            throw invalid(name, "fsp (fractional-second digits, 0 to 6) is for TIME, DATETIME and TIMESTAMP columns");
        }
        if (fixed && (type != ColumnType.STRING && type != ColumnType.BINARY || size == null)) {
            throw invalid(name, "fixed (CHAR, BINARY) is for STRING and BINARY columns with a size");
        }
        if (maxBytes != null && (type != ColumnType.STRING || maxBytes < 1)) {
            throw invalid(name, "maxBytes (a positive number of bytes) is for STRING columns");
        }
        if ((charset != null || collation != null) && !TEXTUAL.contains(type)) {
            throw invalid(name, "charset and collation are for STRING, ENUM and SET columns");
        }
        if (collation != null && !COLLATION.matcher(collation).matches()) {
            throw invalid(name, "invalid collation " + Identifiers.excerpt(collation));
        }
        members = checkMembers(name, type, members);
        if (srid != null && (type != ColumnType.GEOMETRY || srid < 0)) {
            throw invalid(name, "srid (a spatial reference id, 0 or more) is for GEOMETRY columns");
        }
        if (geometry != null && type != ColumnType.GEOMETRY) {
            throw invalid(name, "geometry (POINT, LINESTRING …) is for GEOMETRY columns");
        }
        if (type == ColumnType.GEOMETRY && geometry == null) {
            geometry = GeometryType.GEOMETRY;
        }
    }

    private static List<String> checkMembers(String name, ColumnType type, List<String> members) {
        boolean listed = type == ColumnType.ENUM || type == ColumnType.SET;
        if (!listed) {
            if (members != null && !members.isEmpty()) {
                throw invalid(name, "members are for ENUM and SET columns");
            }
            return null;
        }
        if (members == null || members.isEmpty()) {
            throw invalid(name, "an " + type + " column needs its members");
        }
        int max = type == ColumnType.SET ? MAX_SET_MEMBERS : MAX_ENUM_MEMBERS;
        if (members.size() > max) {
            throw invalid(name, "an " + type + " has at most " + max + " members");
        }
        Set<String> seen = new HashSet<>();
        for (String m : members) {
            if (m == null) {
                throw invalid(name, "a member is null");
            }
            if (m.endsWith(" ")) {
                throw invalid(name, "member '" + Identifiers.excerpt(m) + "' ends with a space (MySQL drops it)");
            }
            if (type == ColumnType.SET && m.isEmpty()) {
                throw invalid(name, "a SET member cannot be empty");
            }
            if (type == ColumnType.SET && m.indexOf(',') >= 0) {
                throw invalid(name, "a SET member cannot hold a comma: " + Identifiers.excerpt(m));
            }
            if (!seen.add(m)) {
                throw invalid(name, "member '" + Identifiers.excerpt(m) + "' is listed twice");
            }
        }
        return List.copyOf(members);
    }

    private static FerryException invalid(String name, String problem) {
        return new FerryException(ErrorCode.INVALID_PLAN, "column " + name + ": " + problem);
    }

    /** A column with the attributes plans had before the MySQL types (no fsp, charset, members …). */
    public Column(String name, ColumnType type, Integer size, Integer precision, Integer scale, boolean nullable,
                  boolean unsigned) {
        this(name, type, size, precision, scale, nullable, unsigned, null, false, null, null, null, null, null, null);
    }

    /** A signed column (every type but an unsigned number). */
    public Column(String name, ColumnType type, Integer size, Integer precision, Integer scale, boolean nullable) {
        this(name, type, size, precision, scale, nullable, false);
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type, null, null, null, false);
    }

    public static Column nullable(String name, ColumnType type) {
        return new Column(name, type, null, null, null, true);
    }

    public static Builder builder(String name, ColumnType type) {
        return new Builder(name, type);
    }

    /** A builder starting from this column's attributes. */
    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.size = size;
        b.precision = precision;
        b.scale = scale;
        b.nullable = nullable;
        b.unsigned = unsigned;
        b.fsp = fsp;
        b.fixed = fixed;
        b.maxBytes = maxBytes;
        b.charset = charset;
        b.collation = collation;
        b.members = members;
        b.srid = srid;
        b.geometry = geometry;
        return b;
    }

    /** Builds a column attribute by attribute; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private final ColumnType type;
        private Integer size;
        private Integer precision;
        private Integer scale;
        private boolean nullable;
        private boolean unsigned;
        private Integer fsp;
        private boolean fixed;
        private Long maxBytes;
        private TextCharset charset;
        private String collation;
        private List<String> members;
        private Integer srid;
        private GeometryType geometry;

        private Builder(String name, ColumnType type) {
            this.name = name;
            this.type = type;
        }

        public Builder size(Integer size) {
            this.size = size;
            return this;
        }

        public Builder precision(Integer precision) {
            this.precision = precision;
            return this;
        }

        public Builder scale(Integer scale) {
            this.scale = scale;
            return this;
        }

        public Builder nullable(boolean nullable) {
            this.nullable = nullable;
            return this;
        }

        public Builder unsigned(boolean unsigned) {
            this.unsigned = unsigned;
            return this;
        }

        public Builder fsp(Integer fsp) {
            this.fsp = fsp;
            return this;
        }

        public Builder fixed(boolean fixed) {
            this.fixed = fixed;
            return this;
        }

        public Builder maxBytes(Long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder charset(TextCharset charset) {
            this.charset = charset;
            return this;
        }

        public Builder collation(String collation) {
            this.collation = collation;
            return this;
        }

        public Builder members(List<String> members) {
            this.members = members;
            return this;
        }

        public Builder srid(Integer srid) {
            this.srid = srid;
            return this;
        }

        public Builder geometry(GeometryType geometry) {
            this.geometry = geometry;
            return this;
        }

        public Column build() {
            return new Column(name, type, size, precision, scale, nullable, unsigned, fsp, fixed, maxBytes, charset,
                    collation, members, srid, geometry);
        }
    }
}
