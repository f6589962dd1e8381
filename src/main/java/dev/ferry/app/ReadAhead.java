package dev.ferry.app;

import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's next page, fetched and converted on another thread while the current page is written:
 * at most one page ahead. Nothing of a page read ahead is written before the page before it is written
 * and its cursor saved; a page read ahead that will not be written (the budget is spent, the claim lost,
 * a write failed) is waited for and dropped, so a read never outlives the invocation that started it.
 */
final class ReadAhead {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ferry-read-ahead");
        t.setDaemon(true);
        return t;
    });

    private final Executor executor;
    private final Failpoints failpoints;
    private CompletableFuture<PageMover.Page> pending;

    ReadAhead(Executor executor, Failpoints failpoints) {
        this.executor = executor;
        this.failpoints = failpoints;
    }

    /** A shared pool of daemon threads for read-ahead and for pages written at once ({@link PageWrites}): what production uses. */
    static Executor pool() {
        return POOL;
    }

    /** Starts reading the next page. */
    void start(Supplier<PageMover.Page> read) {
        pending = CompletableFuture.supplyAsync(read, executor);
    }

    boolean started() {
        return pending != null;
    }

    /** The page read ahead, once read; its failure, if it failed, as thrown by the read. */
    PageMover.Page take() {
        CompletableFuture<PageMover.Page> page = pending;
        pending = null;
        try {
            return page.join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Drops a page read ahead (waiting for its read to end, so none outlives the invocation). */
    void discard() {
        if (pending == null) {
            return;
        }
        CompletableFuture<PageMover.Page> page = pending;
        pending = null;
        try {
            page.join();
        } catch (CompletionException | CancellationException ignored) {
            // a page that will not be written: its failure does not matter either
        }
        failpoints.hit(Failpoint.READ_AHEAD_DISCARDED);
    }

    /** A task's failure as the task threw it: a RuntimeException or Error as it is, anything else wrapped. */
    static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }
}
