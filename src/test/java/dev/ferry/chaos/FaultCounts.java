package dev.ferry.chaos;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/** Faults injected, by kind; thread-safe. */
final class FaultCounts {
    private final AtomicLongArray counts = new AtomicLongArray(FaultKind.values().length);

    void add(FaultKind kind) {
        counts.incrementAndGet(kind.ordinal());
    }

    void addAll(FaultCounts other) {
        for (FaultKind kind : FaultKind.values()) {
            counts.addAndGet(kind.ordinal(), other.get(kind));
        }
    }

    long get(FaultKind kind) {
        return counts.get(kind.ordinal());
    }

    long total() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** Kinds with their counts, e.g. {@code CRASH=12 REMOTE_TIMEOUT=3}. */
    @Override
    public String toString() {
        Map<FaultKind, Long> byKind = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            byKind.put(kind, get(kind));
        }
        return byKind.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
