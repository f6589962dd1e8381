package dev.ferry.app.port;

import java.time.Duration;
import java.util.List;

/** The work queue (SQS). Delivery is at least once; receivers must tolerate duplicates. */
public interface WorkQueue {
    /** The longest delay a queue can put on a message (SQS: 15 minutes). */
    Duration MAX_DELAY = Duration.ofMinutes(15);

    /** Sends one message. Throws QUEUE_UNAVAILABLE (retryable) if it cannot. */
    void send(WorkMessage message);

    /**
     * Sends one message that is not delivered before {@code delay} has passed (rounded up to whole
     * seconds, at most {@link #MAX_DELAY}; zero or negative: at once). Throws QUEUE_UNAVAILABLE
     * (retryable) if it cannot.
     */
    void sendLater(WorkMessage message, Duration delay);

    /**
     * Whether other messages wait to be received now: an estimate (SQS's approximate count, possibly a
     * second stale), used by a long invocation to yield its slot to waiting work. False when unknown;
     * never throws.
     */
    default boolean othersWaiting() {
        return false;
    }

    /** Sends several messages, in as few requests as the queue allows. All or an exception. */
    default void sendAll(List<? extends WorkMessage> messages) {
        messages.forEach(this::send);
    }
}
