package dev.ferry.app;

import java.time.Duration;

/**
 * How the job checker restarts work.
 *
 * @param redispatchAfter a PENDING job untouched for this long is assumed lost (its message expired or
 *                        went to the dead-letter queue) and is sent again
 * @param maxRestarts     failed attempts (retries, restarts, re-sends) a chain may accumulate without
 *                        committing a page before the checker stops restarting it and leaves the
 *                        failure for a person to see; every committed page sets the count back to zero
 */
public record CheckerSettings(Duration redispatchAfter, int maxRestarts) {
    public static final CheckerSettings DEFAULT = new CheckerSettings(Duration.ofMinutes(30), 10);

    public CheckerSettings {
        if (redispatchAfter.isNegative() || maxRestarts < 0) {
            throw new IllegalArgumentException("checker settings must not be negative");
        }
    }
}
