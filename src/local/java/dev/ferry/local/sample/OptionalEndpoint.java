package dev.ferry.local.sample;

import java.util.Arrays;
import java.util.Optional;

/**
 * The optional endpoints of the remote contract under {@code /data-migration/{dataType}/…}, which a
 * remote may lack (it then answers 404). {@link SampleRemoteServer#withoutEndpoints} makes the sample
 * remote lack some, to test Ferry's fallbacks.
 */
public enum OptionalEndpoint {
    /** {@code GET …/checksums}: chunk checksums for verification. */
    CHECKSUMS("checksums"),
    /** {@code GET …/changes}: rows changed within a time window. */
    CHANGES("changes"),
    /** {@code GET …/deletions}: tombstones within a time window. */
    DELETIONS("deletions"),
    /** {@code PUT …/rows}: replace a key range of rows (reverse sync). */
    ROWS("rows");

    private final String suffix;

    OptionalEndpoint(String suffix) {
        this.suffix = suffix;
    }

    /** The path segment after the data type, e.g. {@code changes}. */
    public String suffix() {
        return suffix;
    }

    static Optional<OptionalEndpoint> bySuffix(String suffix) {
        return Arrays.stream(values()).filter(e -> e.suffix.equals(suffix)).findFirst();
    }
}
