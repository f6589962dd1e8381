package dev.ferry.dualwrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link MirrorFailureLog} in the JVM's memory, for tests and for apps that accept losing pending
 * entries on restart. Thread-safe (every method holds the log's lock).
 */
public final class InMemoryMirrorFailureLog implements MirrorFailureLog {
    private final Map<String, PendingFailure> entries = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized void record(MirrorFailure failure) {
        Objects.requireNonNull(failure, "failure");
        String slot = slot(failure.installationId(), failure.dataType(), failure.key().text());
        PendingFailure old = entries.get(slot);
        if (old == null) {
            entries.put(slot, new PendingFailure(nextId++, 1, failure.installationId(), failure.dataType(),
                    failure.key().text(), failure.operation(), 1, failure.errorCode(), failure.errorMessage(),
                    failure.failedAt(), failure.failedAt()));
        } else {
            entries.put(slot, new PendingFailure(old.id(), old.revision() + 1, old.installationId(), old.dataType(),
                    old.keyText(), failure.operation(), old.attempts() + 1, failure.errorCode(),
                    failure.errorMessage(), old.firstFailedAt(), failure.failedAt()));
        }
    }

    @Override
    public synchronized List<PendingFailure> pending(int limit) {
        if (limit < 1 || limit > MAX_BATCH) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_BATCH);
        }
        return entries.values().stream()
                .sorted(Comparator.comparing(PendingFailure::lastFailedAt).thenComparingLong(PendingFailure::id))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean markRepaired(PendingFailure entry) {
        String slot = slot(entry);
        PendingFailure current = entries.get(slot);
        if (current != null && current.id() == entry.id() && current.revision() == entry.revision()) {
            entries.remove(slot);
            return true;
        }
        return false;
    }

    @Override
    public synchronized void recordRepairFailure(PendingFailure entry, String errorCode, String errorMessage,
                                                 Instant at) {
        Objects.requireNonNull(at, "at");
        String slot = slot(entry);
        PendingFailure old = entries.get(slot);
        if (old == null || old.id() != entry.id()) {
            return;
        }
        ErrorText error = new ErrorText(errorCode, errorMessage);
        entries.put(slot, new PendingFailure(old.id(), old.revision() + 1, old.installationId(), old.dataType(),
                old.keyText(), old.operation(), old.attempts() + 1, error.code(), error.message(),
                old.firstFailedAt(), at));
    }

    @Override
    public synchronized long pendingCount() {
        return entries.size();
    }

    /** A snapshot of every pending entry, in creation order. */
    public synchronized List<PendingFailure> all() {
        return new ArrayList<>(entries.values());
    }

    private static String slot(PendingFailure entry) {
        return slot(entry.installationId(), entry.dataType(), entry.keyText());
    }

    private static String slot(String installationId, String dataType, String keyText) {
        return installationId + '\n' + dataType + '\n' + keyText;
    }
}
