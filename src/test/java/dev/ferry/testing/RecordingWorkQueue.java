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

    @Override
    public synchronized void send(WorkMessage message) {
        pending.add(message);
        sent.add(message);
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
