package dev.ferry.domain.plan;

import java.util.Locale;

/** The spatial column types of MySQL, MariaDB and TiDB, with the WKB type code each accepts. */
public enum GeometryType {
    /** Any of the others. */
    GEOMETRY(0),
    POINT(1),
    LINESTRING(2),
    POLYGON(3),
    MULTIPOINT(4),
    MULTILINESTRING(5),
    MULTIPOLYGON(6),
    GEOMETRYCOLLECTION(7);

    private final int wkbType;

    GeometryType(int wkbType) {
        this.wkbType = wkbType;
    }

    /** The WKB type code, 0 for GEOMETRY (any). */
    public int wkbType() {
        return wkbType;
    }

    /** Whether a value whose top-level WKB type is {@code code} fits this column type. */
    public boolean accepts(int code) {
        return this == GEOMETRY ? code >= 1 && code <= 7 : code == wkbType;
    }

    /** The type of a MySQL type name ({@code point}, {@code geomcollection} …), or null when it is not spatial. */
    public static GeometryType ofSqlName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("GEOMCOLLECTION")) {
            return GEOMETRYCOLLECTION;
        }
        for (GeometryType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        return null;
    }

    /** The type with WKB code {@code code}, or null. */
    public static GeometryType ofWkbType(int code) {
        for (GeometryType t : values()) {
            if (t.wkbType == code && t != GEOMETRY) {
                return t;
            }
        }
        return null;
    }
}
