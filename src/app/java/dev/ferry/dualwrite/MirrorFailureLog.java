package dev.ferry.dualwrite;

import java.time.Instant;
import java.util.List;

/**
 * Where failed mirror writes wait for {@link MirrorRepair}: at most one pending entry per
 * (installation, data type, key text).
 *
 * <p>The log is the only state of the dual-write helper and it persists it itself: {@link DualWriter}
 * calls {@link #record}, {@link MirrorRepair} calls {@link #pending}, {@link #markRepaired} and
 * {@link #recordRepairFailure}. Implementations are thread-safe; the JDBC one is also safe across processes.
 * A method that cannot do its work throws a {@link RuntimeException} (nothing is half-done: each call
 * changes at most one entry, atomically). Arguments are never null.
 */
public interface MirrorFailureLog {

    /** The largest batch {@link #pending(int)} accepts. */
    int MAX_BATCH = 10_000;

    /**
     * Records a failed mirror write. Idempotent per key: when an entry for the same (installation, data
     * type, key text) is pending, it stays the one entry, with attempts + 1, revision + 1, and the new
     * operation, error and {@code lastFailedAt}; otherwise a new entry with attempts 1 is created.
     */
    void record(MirrorFailure failure);

    /**
     * Up to {@code limit} pending entries, least recently failed first (then by id), so entries whose repair
     * keeps failing go to the back.
     *
     * @param limit 1 to {@link #MAX_BATCH}
     */
    List<PendingFailure> pending(int limit);

    /**
     * Deletes the entry if it is unchanged since it was read (same id and revision) and returns true;
     * returns false, and keeps the entry, if it was recorded again or is gone.
     */
    boolean markRepaired(PendingFailure entry);

    /**
     * Keeps the entry pending after a failed repair: attempts + 1, revision + 1, the error and
     * {@code lastFailedAt = at}. Does nothing if the entry (by id) is gone.
     */
    void recordRepairFailure(PendingFailure entry, String errorCode, String errorMessage, Instant at);

    /** How many entries are pending. */
    long pendingCount();
}
