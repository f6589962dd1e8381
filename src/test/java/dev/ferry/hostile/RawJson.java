package dev.ferry.hostile;

import java.util.Objects;

/**
 * A value the hostile remote writes into a response verbatim, without any check: a number beyond
 * {@code long} ({@code "9223372036854775808"}), an absurd exponent, or plainly invalid JSON.
 */
public record RawJson(String json) {

    /** @param json the exact text to write; not null */
    public RawJson {
        Objects.requireNonNull(json, "json");
    }
}
