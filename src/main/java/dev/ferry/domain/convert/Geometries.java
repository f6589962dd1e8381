package dev.ferry.domain.convert;

import dev.ferry.domain.plan.GeometryType;

/**
 * Checks a spatial value in MySQL's storage form: a 4-byte little-endian SRID followed by
 * well-known binary (WKB), 2-D only (MySQL, MariaDB and TiDB store no Z or M coordinates). The WKB
 * is read whole: byte order 0 or 1, a known type, counts that fit the bytes there are, finite
 * coordinates, the parts of a MULTI… of its kind, and no byte after the end. The WKB may be in either
 * byte order; the result is little-endian throughout, the only order MySQL stores (and returns).
 */
final class Geometries {
    /** Deepest nesting of geometry collections read. */
    static final int MAX_DEPTH = 32;

    private final byte[] data;
    private final byte[] out;
    private int pos;

    private Geometries(byte[] data, int pos) {
        this.data = data;
        this.out = data.clone();
        this.pos = pos;
    }

    /** What {@link #check} found, and the value in little-endian WKB. */
    record Shape(long srid, int wkbType, byte[] littleEndian) {
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static Shape check(byte[] stored) {
        if (stored.length < 4 + 1 + 4) {
            throw new IllegalArgumentException("is " + stored.length + " bytes, too short for an SRID and WKB");
        }
        long srid = (stored[0] & 0xFFL) | (stored[1] & 0xFFL) << 8 | (stored[2] & 0xFFL) << 16 | (stored[3] & 0xFFL) << 24;
        Geometries g = new Geometries(stored, 4);
        int type = g.geometry(0, 0);
        if (g.pos != stored.length) {
            throw new IllegalArgumentException("has " + (stored.length - g.pos) + " bytes after the end of its WKB");
        }
        return new Shape(srid, type, g.out);
    }

    /** Reads one geometry; {@code expected} is the type it must be (0: any). Returns its type. */
    private int geometry(int expected, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nests geometry collections deeper than " + MAX_DEPTH + " levels");
        }
        need(5);
        int order = data[pos];
        if (order != 0 && order != 1) {
            throw new IllegalArgumentException("has WKB byte order " + order + " at offset " + pos + " (0 or 1 expected)");
        }
        out[pos++] = 1;
        boolean little = order == 1;
        long type = uint32(little);
        if (type < 1 || type > 7) {
            throw new IllegalArgumentException("has WKB type " + type + " at offset " + (pos - 4)
                    + " (1 to 7 expected: 2-D POINT … GEOMETRYCOLLECTION)");
        }
        if (expected != 0 && type != expected) {
            throw new IllegalArgumentException("has a " + GeometryType.ofWkbType((int) type) + " inside a "
                    + GeometryType.ofWkbType(expected + 3) + " at offset " + (pos - 5));
        }
        switch ((int) type) {
            case 1 -> point(little);
            case 2 -> points(little);
            case 3 -> {
                long rings = count(little, 4);
                for (long i = 0; i < rings; i++) {
                    points(little);
                }
            }
            case 4, 5, 6 -> {
                long parts = count(little, 9);
                for (long i = 0; i < parts; i++) {
                    geometry((int) type - 3, depth + 1);
                }
            }
            default -> {
                long parts = count(little, 9);
                for (long i = 0; i < parts; i++) {
                    geometry(0, depth + 1);
                }
            }
        }
        return (int) type;
    }

    private void points(boolean little) {
        long n = count(little, 16);
        for (long i = 0; i < n; i++) {
            point(little);
        }
    }

    private void point(boolean little) {
        need(16);
        for (int i = 0; i < 2; i++) {
            long bits = 0;
            for (int b = 0; b < 8; b++) {
                int shift = little ? 8 * b : 8 * (7 - b);
                bits |= (data[pos + b] & 0xFFL) << shift;
            }
            double d = Double.longBitsToDouble(bits);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("has a coordinate that is not a finite number at offset " + pos);
            }
            for (int b = 0; b < 8; b++) {
                out[pos + b] = (byte) (bits >>> (8 * b));
            }
            pos += 8;
        }
    }

    /** A count of items of at least {@code minBytes} each, which must fit in what is left. */
    private long count(boolean little, int minBytes) {
        long n = uint32(little);
        if (n * minBytes > data.length - pos) {
            throw new IllegalArgumentException("announces " + n + " parts at offset " + (pos - 4)
                    + ", more than its " + (data.length - pos) + " remaining bytes hold");
        }
        return n;
    }

    private long uint32(boolean little) {
        need(4);
        long v = 0;
        for (int b = 0; b < 4; b++) {
            int shift = little ? 8 * b : 8 * (3 - b);
            v |= (data[pos + b] & 0xFFL) << shift;
        }
        for (int b = 0; b < 4; b++) {
            out[pos + b] = (byte) (v >>> (8 * b));
        }
        pos += 4;
        return v;
    }

    private void need(int bytes) {
        if (data.length - pos < bytes) {
            throw new IllegalArgumentException("ends inside its WKB at offset " + pos);
        }
    }
}
