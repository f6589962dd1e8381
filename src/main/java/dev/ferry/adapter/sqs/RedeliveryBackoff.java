package dev.ferry.adapter.sqs;

import java.time.Duration;

/**
 * When a record that failed with a retryable error is delivered again: {@code base × 2^(receives − 1)},
 * at most {@code cap}. The first failure waits {@code base}; the queue's own visibility timeout (sized
 * for the worker's 15-minute run, 90 minutes) is then never what a transient failure waits for.
 *
 * @param base the wait after the first receive
 * @param cap  the longest wait (SQS allows at most 12 hours)
 */
public record RedeliveryBackoff(Duration base, Duration cap) {
    /** SQS's longest visibility timeout. */
    public static final Duration SQS_MAX = Duration.ofHours(12);

    public RedeliveryBackoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || cap.compareTo(SQS_MAX) > 0) {
            throw new IllegalArgumentException("redelivery backoff needs 0 < base <= cap <= 12h, got " + base + " and " + cap);
        }
    }

    /** Whole seconds to keep the record hidden after its {@code receiveCount}-th receive (1 or more). */
    public int seconds(int receiveCount) {
        int doublings = Math.max(0, Math.min(receiveCount, 31) - 1);
        long capSeconds = cap.toSeconds();
        long wait = base.toSeconds();
        for (int i = 0; i < doublings && wait < capSeconds; i++) {
            wait *= 2;
        }
        return (int) Math.max(1, Math.min(wait, capSeconds));
    }
}
