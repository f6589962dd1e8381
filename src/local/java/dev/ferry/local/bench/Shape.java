package dev.ferry.local.bench;

import java.util.Map;

/**
 * One data shape of the bench: an installation of the source and its rows per data type.
 *
 * @param name         {@code mix} or {@code narrow}
 * @param installation the installation id at the source
 * @param rowsByType   rows per data type (by name), as loaded
 * @param warmUp       the installation moved untimed before this one (same shape, fewer rows), or empty
 */
record Shape(String name, String installation, Map<String, Long> rowsByType, String warmUp) {

    boolean hasWarmUp() {
        return !warmUp.isEmpty();
    }

    long rows() {
        return rowsByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
