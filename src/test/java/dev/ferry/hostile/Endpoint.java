package dev.ferry.hostile;

/** The calls of the remote contract a {@link Misbehaviour} can be aimed at. */
public enum Endpoint {
    /** {@code GET {base}/data-migration/{dataType}/} */
    DATA,
    /** {@code GET {base}/installations} */
    LISTING,
    /** {@code GET {base}/migration-status} */
    STATUS_GET,
    /** {@code PUT {base}/migration-status} */
    STATUS_PUT,
    /** Every call. */
    ANY;

    /** Whether a misbehaviour aimed at this endpoint applies to a request to {@code actual}. */
    boolean covers(Endpoint actual) {
        return this == ANY || this == actual;
    }
}
