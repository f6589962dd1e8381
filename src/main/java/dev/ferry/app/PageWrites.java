package dev.ferry.app;

import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.verify.RowKey;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The pages of one chain being written at once, oldest first: at most {@code limit}, each written on a
 * thread (and so a connection) of its own. A page that shares a primary key with a page still being
 * written waits for that page first, so a row that two pages carry ends as the later page has it, as when
 * pages are written one after another. Pages written at once are upserts that carry their keys
 * ({@link PageMover#writesInParallel()}). With a limit of one, a page is written on the calling thread before
 * {@link #submit} returns.
 *
 * <p>The window saves nothing: the loop takes pages out oldest first ({@link #takeOldest}) and saves each
 * one's cursor only then, so a saved cursor never passes a page that is not written. What is still in the
 * window when the invocation stops is waited for and dropped ({@link #abandon}): its cursor is never saved,
 * and the chain's next job reads and writes it again, which the upsert absorbs. Not thread-safe: one loop
 * owns it.
 */
final class PageWrites {
    /**
     * A page handed to the window.
     *
     * @param mark the chain's loop mark to save with the page's cursor
     */
    record Submitted(PageMover.Page page, LoopMark mark) {
    }

    private record InFlight(Submitted submitted, Set<RowKey> keys, CompletableFuture<Void> written) {
    }

    private final int limit;
    private final Executor executor;
    private final Failpoints failpoints;
    private final ArrayDeque<InFlight> window = new ArrayDeque<>();

    PageWrites(int limit, Executor executor, Failpoints failpoints) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one page must be written at a time");
        }
        this.limit = limit;
        this.executor = executor;
        this.failpoints = failpoints;
    }

    /**
     * Starts writing a page ({@code write} writes it, idempotently). Waits first for the pages in the window
     * that share a key with it. Call only when the window is not {@link #full()}.
     */
    void submit(Submitted submitted, Runnable write) {
        if (full()) {
            throw new IllegalStateException("the window is full: take the oldest page out first");
        }
        if (limit == 1) {
            window.add(new InFlight(submitted, Set.of(), runHere(write)));
            return;
        }
        PageMover.Page page = submitted.page();
        if (page.keys() == null || !page.tombstones().isEmpty()) {
            throw new IllegalStateException("pages written at once are upserts that carry their keys");
        }
        Set<RowKey> keys = new HashSet<>(page.keys());
        for (InFlight earlier : window) {
            if (overlaps(earlier.keys(), keys)) {
                awaitQuietly(earlier.written());
            }
        }
        window.add(new InFlight(submitted, keys, CompletableFuture.runAsync(write, executor)));
    }

    boolean full() {
        return window.size() >= limit;
    }

    boolean isEmpty() {
        return window.isEmpty();
    }

    /** Pages in the window, written or not. */
    int size() {
        return window.size();
    }

    /** Whether the oldest page is written (or failed), so {@link #takeOldest} will not wait. */
    boolean oldestDone() {
        return !window.isEmpty() && window.peek().written().isDone();
    }

    /**
     * Takes the oldest page out once it is written, waiting for it.
     *
     * @throws RuntimeException the write's own failure, as it threw it (the page leaves the window unwritten)
     */
    Submitted takeOldest() {
        InFlight oldest = window.remove();
        try {
            oldest.written().join();
        } catch (CompletionException e) {
            throw ReadAhead.rethrow(e.getCause());
        }
        return oldest.submitted();
    }

    /**
     * Waits for every page still in the window and drops them all, cursors unsaved; a page that was written
     * passes {@link Failpoint#WRITTEN_AHEAD_DROPPED}. Failures of those writes do not matter: the pages are
     * written again by the chain's next job.
     */
    void abandon() {
        while (!window.isEmpty()) {
            InFlight dropped = window.remove();
            if (awaitQuietly(dropped.written())) {
                failpoints.hit(Failpoint.WRITTEN_AHEAD_DROPPED);
            }
        }
    }

    private static boolean overlaps(Set<RowKey> a, Set<RowKey> b) {
        Set<RowKey> small = a.size() <= b.size() ? a : b;
        Set<RowKey> large = small == a ? b : a;
        for (RowKey key : small) {
            if (large.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private static CompletableFuture<Void> runHere(Runnable write) {
        try {
            write.run();
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for a write; true when it succeeded. */
    private static boolean awaitQuietly(CompletableFuture<Void> written) {
        try {
            written.join();
            return true;
        } catch (CompletionException | java.util.concurrent.CancellationException failed) {
            return false;
        }
    }
}
