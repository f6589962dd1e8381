package dev.ferry.local;

import java.time.Duration;
import java.util.Locale;

/**
 * What a load run measured, printed as one line before the run's final line.
 *
 * @param duration          from the first tick until every installation was DONE (or the run gave up)
 * @param peakConnections   most connections of Ferry's pool in use at once
 * @param maxConnections    the pool's maximum size
 * @param peakHeapBytes     most heap used at once
 * @param heapAfterGcBytes  most heap still used right after a garbage collection
 * @param maxHeapBytes      the heap's limit, or -1 if it has none
 * @param recordsRetried    SQS records the worker reported as failed (each delivered again)
 * @param jobsFailed        jobs that ended FAILED (restarted by the checker or not)
 * @param deadLetters       messages in the dead-letter queue at the end
 */
public record LoadFigures(int installations, long rows, Duration duration, long workerInvocations,
                          long peakConnections, long maxConnections, long peakHeapBytes, long heapAfterGcBytes,
                          long maxHeapBytes, long recordsRetried, long jobsFailed, long deadLetters) {

    private static final long MIB = 1024L * 1024L;

    /** Records retried plus jobs failed. */
    public long errors() {
        return recordsRetried + jobsFailed;
    }

    /** Rows per second over {@link #duration()}. */
    public long rowsPerSecond() {
        return duration.toMillis() <= 0 ? 0 : Math.round(rows * 1000.0 / duration.toMillis());
    }

    /**
     * {@code load: 100 installations, 100,000 rows in 74 s (1,351 rows/s), 612 worker invocations,
     * peak connections 9/16, peak heap 301 MiB of 512 MiB (at most 80 MiB after GC), 0 errors
     * (0 records retried, 0 jobs failed), DLQ 0}
     */
    public String line() {
        return String.format(Locale.ROOT, "load: %,d installations, %,d rows in %,d s (%,d rows/s), %,d worker invocations,"
                        + " peak connections %d/%d, peak heap %s of %s (at most %s after GC), %,d errors"
                        + " (%,d records retried, %,d jobs failed), DLQ %,d",
                installations, rows, Math.round(duration.toMillis() / 1000.0), rowsPerSecond(), workerInvocations,
                peakConnections, maxConnections, mib(peakHeapBytes), maxHeapBytes < 0 ? "no limit" : mib(maxHeapBytes),
                mib(heapAfterGcBytes), errors(), recordsRetried, jobsFailed, deadLetters);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / (double) MIB));
    }
}
