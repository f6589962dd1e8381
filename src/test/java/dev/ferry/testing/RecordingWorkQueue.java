package dev.ferry.testing;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A work queue in memory: FIFO, with everything ever sent kept for assertions. */
public final class RecordingWorkQueue implements WorkQueue {
    private final Deque<WorkMessage> pending = new ArrayDeque<>();
    private final List<WorkMessage> sent = new ArrayList<>();

    private final java.util.Map<WorkMessage, java.time.Duration> delays = new java.util.IdentityHashMap<>();
    private final java.util.Map<WorkMessage, java.time.Instant> dues = new java.util.IdentityHashMap<>();
    private final java.time.Clock clock;

    /** A queue that does not know the time: delayed messages record only their delay. */
    public RecordingWorkQueue() {
        this(null);
    }

    /** @param clock the harness's clock, to record when each delayed message falls due */
    public RecordingWorkQueue(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void send(WorkMessage message) {
        pending.add(message);
        sent.add(message);
    }

    /** Recorded like {@link #send}, delivered in order with the rest (a test moves its clock instead of waiting). */
    @Override
    public synchronized void sendLater(WorkMessage message, java.time.Duration delay) {
        send(message);
        delays.put(message, delay);
        if (clock != null) {
            dues.put(message, clock.instant().plus(delay));
        }
    }

    /** When a message sent with a delay falls due (known when the queue has a clock). */
    public synchronized java.util.Optional<java.time.Instant> dueOf(WorkMessage message) {
        return java.util.Optional.ofNullable(dues.get(message));
    }

    /** The delay a message was sent with, or zero. */
    public synchronized java.time.Duration delayOf(WorkMessage message) {
        return delays.getOrDefault(message, java.time.Duration.ZERO);
    }

    /** Whether undelivered messages are waiting. */
    @Override
    public synchronized boolean othersWaiting() {
        return !pending.isEmpty();
    }

    /** Takes the oldest undelivered message, or null. */
    public synchronized WorkMessage poll() {
        return pending.poll();
    }

    public synchronized List<WorkMessage> pending() {
        return List.copyOf(pending);
    }

    public synchronized List<WorkMessage> sent() {
        return List.copyOf(sent);
    }

    public synchronized <T extends WorkMessage> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public synchronized void clear() {
        pending.clear();
    }
}
