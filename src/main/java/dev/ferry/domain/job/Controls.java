package dev.ferry.domain.job;

import java.time.Instant;

/**
 * What an operator has set for an installation, read in one go: which side is primary (and since when,
 * if a cutover was ever recorded), and whether its migration is paused (and since when).
 *
 * @param cutoverAt   when the primary last changed; null if it never did
 * @param pausedSince when the installation was paused; null while it runs
 */
public record Controls(Primary primary, Instant cutoverAt, Instant pausedSince) {
    /** No cutover recorded, not paused. */
    public static final Controls NONE = new Controls(Primary.SOURCE, null, null);

    public Controls {
        java.util.Objects.requireNonNull(primary, "primary");
    }

    public boolean paused() {
        return pausedSince != null;
    }
}
