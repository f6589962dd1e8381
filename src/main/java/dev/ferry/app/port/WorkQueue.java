package dev.ferry.app.port;

import java.util.List;

/** The work queue (SQS). Delivery is at least once; receivers must tolerate duplicates. */
public interface WorkQueue {
    /** Sends one message. Throws QUEUE_UNAVAILABLE (retryable) if it cannot. */
    void send(WorkMessage message);

    /** Sends several messages, in as few requests as the queue allows. All or an exception. */
    default void sendAll(List<? extends WorkMessage> messages) {
        messages.forEach(this::send);
    }
}
