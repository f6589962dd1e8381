package dev.ferry.app;

import java.time.Duration;

/**
 * How the job checker looks after chains.
 *
 * @param redispatchAfter a PENDING job due and untouched for this long is assumed lost (its message
 *                        expired or went to the dead-letter queue) and is sent again
 * @param failures        how failed chains are retried and when Ferry gives up on them
 */
public record CheckerSettings(Duration redispatchAfter, FailurePolicy failures) {
    public static final CheckerSettings DEFAULT = new CheckerSettings(Duration.ofMinutes(15), FailurePolicy.DEFAULT);

    public CheckerSettings {
        if (redispatchAfter.isNegative()) {
            throw new IllegalArgumentException("checker settings must not be negative");
        }
        java.util.Objects.requireNonNull(failures, "failures");
    }

    /** The default failure policy. */
    public CheckerSettings(Duration redispatchAfter) {
        this(redispatchAfter, FailurePolicy.DEFAULT);
    }
}
