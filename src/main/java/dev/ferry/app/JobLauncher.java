package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.page.Cursor;
import java.time.Clock;

/**
 * Records a job, then enqueues it — in that order, so a crash in between leaves a PENDING job the
 * checker re-sends, never a message for a job that does not exist. Recording is idempotent (job ids
 * are deterministic), so replaying either step is harmless.
 */
final class JobLauncher {
    private final JobStore store;
    private final WorkQueue queue;
    private final Clock clock;

    JobLauncher(JobStore store, WorkQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /** Records and sends a new PENDING job carrying the given position. */
    Job launch(InstallationId installation, JobId id, String dataType, Cursor cursor, long pages, long rowsCopied,
               int attempts) {
        Job job = record(installation, id, dataType, cursor, pages, rowsCopied, attempts);
        send(installation, job);
        return job;
    }

    /** Records a new PENDING job carrying the given position (unless its id is recorded already); sends nothing. */
    Job record(InstallationId installation, JobId id, String dataType, Cursor cursor, long pages, long rowsCopied,
               int attempts) {
        Job job = Job.pending(id, dataType, cursor, pages, rowsCopied, attempts, clock.instant());
        store.insertJob(installation, job);
        return job;
    }

    /** (Re-)sends an already recorded job: at once, or when its next attempt falls due. */
    void send(InstallationId installation, Job job) {
        TransferJob message = new TransferJob(installation, job.id(), job.dataType(), job.cursor());
        java.time.Instant now = clock.instant();
        if (job.waitingAt(now)) {
            queue.sendLater(message, java.time.Duration.between(now, job.nextAttemptAt()));
        } else {
            queue.send(message);
        }
    }
}
