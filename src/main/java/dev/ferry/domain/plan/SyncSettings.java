package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.time.Duration;

/**
 * How passes follow one another. The first pass copies everything; each later pass copies what
 * changed since the previous one (for data types with a {@link ChangeFeed}). An installation is DONE
 * once a pass moves all data of all types within a single run (no data type needed a second job).
 *
 * @param keepSyncingAfterDone keep running passes after DONE until the cutover is recorded
 * @param overlap              how far each pass's window reaches back before the previous pass began:
 *                             covers clock skew and source transactions that commit after the time
 *                             they stamp
 * @param passInterval         the least time between the starts of two passes
 * @param verifyEveryPasses    after DONE, a verification with repair every this many passes, for data
 *                             types whose deletions have no feed (0: never)
 */
public record SyncSettings(boolean keepSyncingAfterDone, Duration overlap, Duration passInterval,
                           int verifyEveryPasses) {
    private static final Duration DEFAULT_OVERLAP = Duration.ofSeconds(60);
    private static final Duration DEFAULT_PASS_INTERVAL = Duration.ofSeconds(30);
    public static final SyncSettings DEFAULT = new SyncSettings(false, DEFAULT_OVERLAP, DEFAULT_PASS_INTERVAL, 10);

    public SyncSettings {
        overlap = overlap == null ? DEFAULT_OVERLAP : overlap;
        passInterval = passInterval == null ? DEFAULT_PASS_INTERVAL : passInterval;
        if (overlap.isNegative() || passInterval.isNegative() || verifyEveryPasses < 0) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "sync settings must not be negative");
        }
    }

}
