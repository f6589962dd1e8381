package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.ChainId;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The one place jobs are created: a chain's first job, a worker's continuation or next step, and a
 * restart. Each is recorded first and sent second — in that order, so a crash in between leaves a
 * PENDING job the checker re-sends, never a message for a job that does not exist. Recording is
 * idempotent (job ids are deterministic), so replaying either step is harmless.
 */
final class JobLauncher {
    private final JobStore store;
    private final WorkQueue queue;
    private final Clock clock;
    private final Failpoints failpoints;

    JobLauncher(JobStore store, WorkQueue queue, Clock clock, Failpoints failpoints) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.failpoints = failpoints;
    }

    /**
     * Starts a chain: records its first job, moving {@code first} from {@code start} (null: the first
     * page), then sends it.
     *
     * @return false, sending nothing, when the job was recorded already (another checker started it)
     */
    boolean start(InstallationId installation, ChainId chain, DataType first, Cursor start) {
        Job job = Job.pending(JobId.first(chain), first.name(), start, 0, 0, 0, clock.instant());
        if (!store.insertJob(installation, job)) {
            return false;
        }
        send(installation, job);
        return true;
    }

    /**
     * Records the chain's next job after {@code after}, from its last committed cursor with its counters
     * and loop mark and the given failure state, then sends it (to arrive at {@code nextAttemptAt} when set).
     */
    void restart(InstallationId installation, Job after, int attempts, Instant failingSince, Instant nextAttemptAt) {
        Job next = Job.pending(after.id().next(), after.dataType(), after.cursor(), after.pages(), after.rowsCopied(),
                attempts, clock.instant()).withRetry(attempts, failingSince, nextAttemptAt).withLoopMark(after.loopMark());
        store.insertJob(installation, next);
        failpoints.hit(Failpoint.CHECKER_MID_RESTART);
        send(installation, next);
    }

    /**
     * A worker hands its chain on: records {@code next} only while {@code owner} still holds {@code held}
     * with {@code expectedPages} pages (a worker that lost its job leaves nothing behind), ends the held
     * job with {@code endHeld}, and — only if that applied and {@code send} — sends {@code next}. Any prefix
     * is safe: a continuation recorded but never sent is PENDING and re-sent by the checker (for a paused
     * installation, not sending is the point: its jobs are re-sent when it resumes).
     */
    void handOver(InstallationId installation, Job held, String owner, long expectedPages, Job next,
                  BooleanSupplier endHeld, boolean send) {
        store.insertContinuation(installation, held.id(), owner, expectedPages, next);
        if (endHeld.getAsBoolean() && send) {
            failpoints.hit(Failpoint.WHILE_SENDING_CONTINUATION);
            send(installation, next);
        }
    }

    /** (Re-)sends an already recorded job: at once, or delayed until its next attempt falls due. */
    void send(InstallationId installation, Job job) {
        TransferJob message = new TransferJob(installation, job.id(), job.dataType(), job.cursor());
        Instant now = clock.instant();
        if (job.waitingAt(now)) {
            queue.sendLater(message, Duration.between(now, job.nextAttemptAt()));
        } else {
            queue.send(message);
        }
    }
}
