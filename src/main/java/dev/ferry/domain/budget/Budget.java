package dev.ferry.domain.budget;

import java.util.function.LongSupplier;

/**
 * Decides, before every page, whether one more page fits in the invocation: the remaining time
 * (read afresh each turn) minus a safety margin for hand-over work minus the expected duration of a
 * page. The expectation starts at a configured guess and follows observed pages, leaning towards
 * the slow ones so a sudden slow page rarely overruns.
 */
public final class Budget {
    private final LongSupplier remainingMillis;
    private final long safetyMarginMillis;
    private long pageEstimateMillis;

    /**
     * @param remainingMillis    time left in this invocation, e.g. Lambda's {@code getRemainingTimeInMillis}
     * @param safetyMarginMillis time kept back for saving state and sending the continuation
     * @param initialPageMillis  expected duration of a page before any has been observed
     */
    public Budget(LongSupplier remainingMillis, long safetyMarginMillis, long initialPageMillis) {
        if (safetyMarginMillis < 0 || initialPageMillis < 0) {
            throw new IllegalArgumentException("budget margins must not be negative");
        }
        this.remainingMillis = remainingMillis;
        this.safetyMarginMillis = safetyMarginMillis;
        this.pageEstimateMillis = initialPageMillis;
    }

    /** Whether another page is expected to finish before the safety margin begins. */
    public boolean allowsAnotherPage() {
        return allowsPages(1);
    }

    /**
     * Whether {@code count} more pages are expected to finish before the safety margin begins: pages still
     * being written and the next one, when several are written at once (each page then taking the time
     * between two pages, as {@link #recordPage} observed it).
     */
    public boolean allowsPages(int count) {
        return remainingMillis.getAsLong() - safetyMarginMillis - (long) count * pageEstimateMillis > 0;
    }

    /** Feeds the observed duration of one page (fetch, convert, write, checkpoint) into the estimate. */
    public void recordPage(long tookMillis) {
        long smoothed = (long) (0.7 * pageEstimateMillis + 0.3 * tookMillis);
        pageEstimateMillis = Math.max(tookMillis, smoothed);
    }

    public long pageEstimateMillis() {
        return pageEstimateMillis;
    }

    public long remainingMillis() {
        return remainingMillis.getAsLong();
    }
}
