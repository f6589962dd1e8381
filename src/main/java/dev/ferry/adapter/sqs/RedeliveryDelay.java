package dev.ferry.adapter.sqs;

/**
 * Puts a failed queue record back on its queue after a backoff, instead of after the queue's visibility
 * timeout. The worker calls it for every record it reports failed with a retryable error.
 */
public interface RedeliveryDelay {
    /** Leaves every record to the queue's visibility timeout (harnesses that redeliver on their own). */
    RedeliveryDelay NONE = (eventSourceArn, receiptHandle, receiveCount) -> -1;

    /**
     * @param eventSourceArn the record's queue (Lambda's {@code eventSourceARN})
     * @param receiptHandle  the record's receipt handle for this delivery
     * @param receiveCount   the record's {@code ApproximateReceiveCount} (1 on its first delivery)
     * @return the seconds the record stays hidden, or -1 when the queue could not be told (the
     *         visibility timeout then applies)
     */
    int delay(String eventSourceArn, String receiptHandle, int receiveCount);
}
