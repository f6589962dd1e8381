package dev.ferry.domain.convert;

import dev.ferry.domain.page.CanonicalJson;

/**
 * What MySQL, MariaDB and TiDB accept in a JSON column: valid JSON text, nested at most
 * {@value #MAX_DEPTH} levels, numbers within a double's range of magnitudes, strings without
 * unpaired surrogates.
 */
final class JsonChecks {
    /** MySQL's and TiDB's limit on a JSON document's depth. */
    static final int MAX_DEPTH = 100;
    /** A double's largest decimal exponent: a number beyond it is out of range for MySQL's JSON. */
    static final int MAX_EXPONENT = 308;

    private JsonChecks() {
    }

    /** @throws IllegalArgumentException naming what a database would refuse or alter */
    static void requireStorable(String json) {
        CanonicalJson.Shape shape = CanonicalJson.shape(json);
        if (shape.depth() > MAX_DEPTH) {
            throw new IllegalArgumentException("nested " + shape.depth() + " levels deep, more than " + MAX_DEPTH);
        }
        if (shape.largestExponent() > MAX_EXPONENT) {
            throw new IllegalArgumentException("a number with a decimal exponent of " + shape.largestExponent()
                    + ", beyond a double's range (" + MAX_EXPONENT + ")");
        }
        if (shape.loneSurrogate()) {
            throw new IllegalArgumentException("a string holds an unpaired surrogate");
        }
    }
}
