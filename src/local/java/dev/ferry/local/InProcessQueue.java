package dev.ferry.local;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import java.time.Duration;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A work queue inside one process, on the real clock, for the local tools that drive the core without
 * SQS: messages come out in the order they fall due, a delayed one not before its delay has passed
 * (capped at {@link WorkQueue#MAX_DELAY}, as SQS caps it).
 */
public final class InProcessQueue implements WorkQueue {
    private final DelayQueue<Entry> entries = new DelayQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Entry(WorkMessage message, long dueNanos, long order) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Entry o = (Entry) other;
            int byDue = Long.compare(dueNanos, o.dueNanos);
            return byDue != 0 ? byDue : Long.compare(order, o.order);
        }
    }

    @Override
    public void send(WorkMessage message) {
        sendLater(message, Duration.ZERO);
    }

    @Override
    public void sendLater(WorkMessage message, Duration delay) {
        long nanos = Math.max(0, Math.min(delay.toNanos(), MAX_DELAY.toNanos()));
        entries.add(new Entry(message, System.nanoTime() + nanos, sequence.getAndIncrement()));
    }

    /** The next message that is due, or null when none is (yet). */
    public WorkMessage poll() {
        Entry e = entries.poll();
        return e == null ? null : e.message();
    }

    /** The next message, waiting up to {@code wait} for one to fall due; null if none did. */
    public WorkMessage poll(Duration wait) throws InterruptedException {
        Entry e = entries.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        return e == null ? null : e.message();
    }

    /** Messages held, due or not. */
    public int size() {
        return entries.size();
    }
}
