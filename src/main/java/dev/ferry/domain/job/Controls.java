package dev.ferry.domain.job;

import java.time.Instant;

/**
 * What an operator has set for an installation, read in one go: which side is primary (and since when,
 * if a cutover was ever recorded), and whether its migration is paused (and since when).
 *
 * @param cutoverAt       when the primary last changed; null if it never did
 * @param pausedSince     when the installation was paused; null while it runs
 * @param planFingerprint the {@link dev.ferry.domain.plan.MigrationPlan#fingerprint} the job checker last ran
 *                        the installation's chains with; null before it first did
 */
public record Controls(Primary primary, Instant cutoverAt, Instant pausedSince, String planFingerprint) {
    /** No cutover recorded, not paused, no plan seen. */
    public static final Controls NONE = new Controls(Primary.SOURCE, null, null, null);

    public Controls(Primary primary, Instant cutoverAt, Instant pausedSince) {
        this(primary, cutoverAt, pausedSince, null);
    }

    public Controls {
        java.util.Objects.requireNonNull(primary, "primary");
    }

    public boolean paused() {
        return pausedSince != null;
    }
}
