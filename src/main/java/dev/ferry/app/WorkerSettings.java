package dev.ferry.app;

/**
 * How a worker spends an invocation.
 *
 * @param safetyMarginMillis time kept back at the end of an invocation for the hand-over (the seed uses 20 s of 900 s)
 * @param initialPageMillis  expected duration of one page before any has been timed
 * @param leaseSlackMillis   how long past the invocation's own end a lease lasts, so no one takes a
 *                           job from a worker that is still alive
 * @param failures           how a job that failed is scheduled again, and when Ferry gives up on it
 */
public record WorkerSettings(long safetyMarginMillis, long initialPageMillis, long leaseSlackMillis,
                             FailurePolicy failures) {
    public static final WorkerSettings DEFAULT = new WorkerSettings(20_000, 5_000, 60_000);

    public WorkerSettings {
        if (safetyMarginMillis < 0 || initialPageMillis < 0 || leaseSlackMillis < 0) {
            throw new IllegalArgumentException("worker settings must not be negative");
        }
        java.util.Objects.requireNonNull(failures, "failures");
    }

    /** The default failure policy. */
    public WorkerSettings(long safetyMarginMillis, long initialPageMillis, long leaseSlackMillis) {
        this(safetyMarginMillis, initialPageMillis, leaseSlackMillis, FailurePolicy.DEFAULT);
    }
}
