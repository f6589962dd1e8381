package dev.ferry.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a chain that keeps failing is retried, and when Ferry stops. Each failed attempt schedules the
 * next one after a capped exponential backoff (at least the remote's {@code Retry-After}, never more
 * than {@code backoffCap}), spread by a jitter derived from the job so a fleet hit by one outage does
 * not come back all at once. A chain that has committed no page for {@code giveUpAfter} since it
 * began failing is FAILED with its last error, for an operator to restart. Every committed page
 * starts the count afresh.
 *
 * @param backoffBase the wait after the first failure
 * @param backoffCap  the longest wait between two attempts (also SQS's longest message delay, 15 min)
 * @param giveUpAfter how long a chain may fail without progress before it is FAILED
 */
public record FailurePolicy(Duration backoffBase, Duration backoffCap, Duration giveUpAfter) {
    public static final FailurePolicy DEFAULT = new FailurePolicy(Duration.ofSeconds(5), Duration.ofMinutes(15),
            Duration.ofHours(6));

    public FailurePolicy {
        if (backoffBase.isNegative() || backoffCap.isNegative() || giveUpAfter.isNegative()
                || backoffBase.compareTo(backoffCap) > 0) {
            throw new IllegalArgumentException("failure policy: durations must not be negative and the base not above the cap");
        }
    }

    /**
     * When attempt number {@code failures + 1} may start, {@code failures} attempts having failed.
     *
     * @param retryAfter what the remote asked for, if it did
     * @param jitterKey  the same key always gives the same spread (e.g. the job id)
     */
    public Instant nextAttempt(Instant now, int failures, Optional<java.time.Duration> retryAfter, String jitterKey) {
        long cap = backoffCap.toMillis();
        long base = backoffBase.toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 40);
        long exponential = base == 0 ? 0 : (base > (cap >> shift) ? cap : Math.min(cap, base << shift));
        // equal jitter: between half the backoff and all of it
        long spread = exponential / 2 == 0 ? 0 : Math.floorMod((jitterKey + "#" + failures).hashCode(), exponential / 2 + 1);
        long delay = exponential - spread;
        long asked = retryAfter.map(Duration::toMillis).orElse(0L);
        return now.plusMillis(Math.min(cap, Math.max(delay, asked)));
    }

    /** Whether a chain failing since {@code failingSince} (null: not failing) has failed for too long at {@code now}. */
    public boolean givenUp(Instant failingSince, Instant now) {
        return failingSince != null && !now.isBefore(failingSince.plus(giveUpAfter));
    }

    /** The reason recorded on a chain Ferry stopped retrying. */
    public String gaveUpReason(Instant failingSince, Instant now, int attempts, String lastError) {
        return "gave up after " + describe(Duration.between(failingSince, now)) + " of failures without progress ("
                + attempts + " attempts; ferry.checker.give-up-after is " + describe(giveUpAfter) + "); last error: "
                + lastError;
    }

    private static String describe(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
