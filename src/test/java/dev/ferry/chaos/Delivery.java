package dev.ferry.chaos;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One worker invocation for one received message, on a thread of its own. Faults decided during
 * it use its own dice (seeded by the driver), so they do not depend on how threads interleave. A
 * calm delivery gets no faults at all: see {@link ChaosEventSourceMapping#CALM_FROM_RECEIVE}.
 */
final class Delivery {
    /** The poller's side of a pause: the record becomes visible again while its worker is held. */
    @FunctionalInterface
    interface Poller {
        void expireWhileRunning(Delivery delivery, boolean leaseTooExpires);
    }

    private static final ThreadLocal<Delivery> CURRENT = new ThreadLocal<>();
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    final Message message;
    final String owner;
    final boolean calm;
    final long deadlineMillis;
    final Random dice;
    private final Poller poller;
    final CompletableFuture<ChaosWorker.Outcome> finished = new CompletableFuture<>();
    private final CompletableFuture<Void> paused = new CompletableFuture<>();
    private final CountDownLatch resumed = new CountDownLatch(1);
    volatile boolean transfer;
    private volatile boolean pausedOnce;
    int pausedAtStep;

    Delivery(Message message, String owner, boolean calm, long deadlineMillis, long seed, Poller poller) {
        this.message = message;
        this.poller = poller;
        this.owner = owner;
        this.calm = calm;
        this.deadlineMillis = deadlineMillis;
        this.dice = new Random(seed);
    }

    /** The delivery running on this thread, or null (the driver itself). */
    static Delivery current() {
        return CURRENT.get();
    }

    /**
     * {@code task} as run on behalf of this thread's delivery (if any) on another thread: the worker's
     * read-ahead, so faults strike its reads as they strike the delivery's own.
     */
    static Runnable carry(Runnable task) {
        Delivery delivery = CURRENT.get();
        return () -> {
            CURRENT.set(delivery);
            try {
                task.run();
            } finally {
                CURRENT.remove();
            }
        };
    }

    /** The delivery on this thread, if faults may strike it. */
    static Delivery faultable() {
        Delivery delivery = CURRENT.get();
        return delivery == null || delivery.calm ? null : delivery;
    }

    boolean chance(double probability) {
        return dice.nextDouble() < probability;
    }

    void run(ChaosWorker worker) {
        CURRENT.set(this);
        try {
            finished.complete(worker.deliver(this));
        } catch (Throwable t) {
            finished.completeExceptionally(t);
        } finally {
            CURRENT.remove();
        }
    }

    /** A transfer that has not paused yet may pause (once). */
    boolean canPause() {
        return transfer && !pausedOnce;
    }

    /**
     * On this delivery's thread: the record's visibility expires while this worker still runs (and,
     * if {@code leaseTooExpires}, its lease too); the worker is held until the poller resumes it.
     */
    void expireVisibilityWhileRunning(boolean leaseTooExpires) {
        poller.expireWhileRunning(this, leaseTooExpires);
    }

    /** On this delivery's thread: stops here until the driver resumes it. */
    void pauseHere() {
        pausedOnce = true;
        paused.complete(null);
        try {
            if (!resumed.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("paused delivery was never resumed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void resume() {
        resumed.countDown();
    }

    /** Waits until the delivery finished or paused. */
    void awaitFinishedOrPaused() {
        try {
            CompletableFuture.anyOf(finished, paused).get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("delivery " + owner + " neither finished nor paused in time", e);
        }
    }

    ChaosWorker.Outcome awaitFinished() {
        try {
            return finished.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("delivery " + owner + " did not finish in time", e);
        }
    }
}
