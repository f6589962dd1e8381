package dev.ferry.app;

/**
 * How a worker spends an invocation.
 *
 * @param safetyMarginMillis time kept back at the end of an invocation for the hand-over (the seed uses 20 s of 900 s)
 * @param initialPageMillis  expected duration of one page before any has been timed
 * @param leaseSlackMillis   how long past the invocation's own end a lease lasts, so no one takes a
 *                           job from a worker that is still alive
 * @param failures           how a job that failed is scheduled again, and when Ferry gives up on it
 * @param pageBytes          bytes a page should fill: page sizes grow from the plan's toward it (0: the
 *                           plan's page size, fixed)
 * @param maxPlaceholders    placeholders one statement may hold (bounds the page size too)
 * @param maxPageSize        the largest limit pages grow to (the remote's largest accepted limit)
 * @param readAhead          whether the next page is fetched while the current one is written
 * @param timeSliceMillis    after this long, an invocation that sees other messages waiting hands its job
 *                           over to a continuation at the back of the queue, so one installation's backlog
 *                           cannot hold every worker slot (0: never)
 * @param writers            pages of one chain written at once, each on a connection of its own (1: one after
 *                           another); cursors are saved in page order either way
 */
public record WorkerSettings(long safetyMarginMillis, long initialPageMillis, long leaseSlackMillis,
                             FailurePolicy failures, long pageBytes, int maxPlaceholders, int maxPageSize,
                             boolean readAhead, long timeSliceMillis, int writers) {
    /** The largest limit pages grow to unless configured: half the contract's 10,000. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 5_000;
    public static final WorkerSettings DEFAULT = new WorkerSettings(20_000, 5_000, 60_000);

    public WorkerSettings {
        if (safetyMarginMillis < 0 || initialPageMillis < 0 || leaseSlackMillis < 0 || pageBytes < 0
                || maxPlaceholders < 1 || maxPageSize < 1 || timeSliceMillis < 0 || writers < 1) {
            throw new IllegalArgumentException("worker settings must not be negative (and writers at least 1)");
        }
        java.util.Objects.requireNonNull(failures, "failures");
    }

    /** The plan's page sizes, no read-ahead. */
    public WorkerSettings(long safetyMarginMillis, long initialPageMillis, long leaseSlackMillis, FailurePolicy failures) {
        this(safetyMarginMillis, initialPageMillis, leaseSlackMillis, failures, 0, 65_535, DEFAULT_MAX_PAGE_SIZE, false, 0, 1);
    }

    /** The default failure policy, the plan's page sizes, no read-ahead. */
    public WorkerSettings(long safetyMarginMillis, long initialPageMillis, long leaseSlackMillis) {
        this(safetyMarginMillis, initialPageMillis, leaseSlackMillis, FailurePolicy.DEFAULT);
    }

    /** These settings with a time slice (see the record's parameters). */
    public WorkerSettings slicedEvery(long millis) {
        return new WorkerSettings(safetyMarginMillis, initialPageMillis, leaseSlackMillis, failures, pageBytes,
                maxPlaceholders, maxPageSize, readAhead, millis, writers);
    }

    /** These settings with pages sized toward {@code bytes} and read ahead. */
    public WorkerSettings pipelined(long bytes, int placeholders) {
        return new WorkerSettings(safetyMarginMillis, initialPageMillis, leaseSlackMillis, failures, bytes, placeholders,
                maxPageSize, true, timeSliceMillis, writers);
    }

    /** These settings with {@code count} pages of a chain written at once. */
    public WorkerSettings writingAtOnce(int count) {
        return new WorkerSettings(safetyMarginMillis, initialPageMillis, leaseSlackMillis, failures, pageBytes,
                maxPlaceholders, maxPageSize, readAhead, timeSliceMillis, count);
    }
}
