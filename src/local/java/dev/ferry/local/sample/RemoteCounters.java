package dev.ferry.local.sample;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the sample remote has served since start or the last reset; safe for concurrent use. */
final class RemoteCounters {

    private final Map<RemoteEndpoint, AtomicLong> requests = new EnumMap<>(RemoteEndpoint.class);
    private final Map<String, AtomicLong> pages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();

    RemoteCounters() {
        for (RemoteEndpoint endpoint : RemoteEndpoint.values()) {
            requests.put(endpoint, new AtomicLong());
        }
    }

    /** Counts a request to an endpoint; returns its sequence number. */
    long request(RemoteEndpoint endpoint) {
        return requests.get(endpoint).incrementAndGet();
    }

    void pageServed(String dataType, int rowCount) {
        pages.computeIfAbsent(dataType, k -> new AtomicLong()).incrementAndGet();
        rows.computeIfAbsent(dataType, k -> new AtomicLong()).addAndGet(rowCount);
    }

    void countRejected() {
        rejected.incrementAndGet();
    }

    void countFault() {
        faults.incrementAndGet();
    }

    long requests(RemoteEndpoint endpoint) {
        return requests.get(endpoint).get();
    }

    long pages(String dataType) {
        AtomicLong count = pages.get(dataType);
        return count == null ? 0 : count.get();
    }

    long rows(String dataType) {
        AtomicLong count = rows.get(dataType);
        return count == null ? 0 : count.get();
    }

    long rejected() {
        return rejected.get();
    }

    long faults() {
        return faults.get();
    }

    void reset() {
        requests.values().forEach(c -> c.set(0));
        pages.clear();
        rows.clear();
        rejected.set(0);
        faults.set(0);
    }
}
