package dev.ferry.domain.job;

import dev.ferry.domain.error.JobError;
import dev.ferry.domain.page.Cursor;
import java.time.Instant;
import java.util.Objects;

/**
 * One job row of an installation's state table.
 *
 * @param dataType      the data type this job moves (in single-event mode it changes along the chain)
 * @param cursor        the last committed cursor (null: start from the first page)
 * @param pages         pages committed by this chain so far; the compare-and-set token for cursor saves
 * @param rowsCopied    rows written by this chain so far (carried into continuations)
 * @param attempts      failed attempts since the chain last committed a page (retryable failures and restarts)
 * @param lastError     the most recent failure, or null
 * @param lease         the current holder, or null when nobody holds it
 * @param finishedAt    when the job reached a final status, or null
 * @param failingSince  when the chain began failing without committing a page since (null while it progresses);
 *                      carried into restarts, cleared by every committed page
 * @param nextAttemptAt a PENDING job that failed may not be claimed before this time (null: at once)
 * @param loopMark      what the chain committed at its last checkpoint, to recognise a page it has
 *                      already seen (null before the first); carried into continuations and restarts
 */
public record Job(JobId id, String dataType, JobStatus status, Cursor cursor, long pages, long rowsCopied,
                  int attempts, JobError lastError, Lease lease, Instant createdAt, Instant updatedAt,
                  Instant finishedAt, Instant failingSince, Instant nextAttemptAt, LoopMark loopMark) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(status, "status");
    }

    /** A job that has never failed nor passed a loop checkpoint. */
    public Job(JobId id, String dataType, JobStatus status, Cursor cursor, long pages, long rowsCopied,
               int attempts, JobError lastError, Lease lease, Instant createdAt, Instant updatedAt,
               Instant finishedAt) {
        this(id, dataType, status, cursor, pages, rowsCopied, attempts, lastError, lease, createdAt, updatedAt,
                finishedAt, null, null, null);
    }

    /** A new PENDING job, due at once, with no failure behind it. */
    public static Job pending(JobId id, String dataType, Cursor cursor, long pages, long rowsCopied, int attempts,
                              Instant now) {
        return new Job(id, dataType, JobStatus.PENDING, cursor, pages, rowsCopied, attempts, null, null, now, now, null);
    }

    /** This job with the chain's failure state: failed attempts, since when, and when it may run again. */
    public Job withRetry(int attempts, Instant failingSince, Instant nextAttemptAt) {
        return new Job(id, dataType, status, cursor, pages, rowsCopied, attempts, lastError, lease, createdAt, updatedAt,
                finishedAt, failingSince, nextAttemptAt, loopMark);
    }

    /** This job with the chain's loop checkpoint. */
    public Job withLoopMark(LoopMark mark) {
        return new Job(id, dataType, status, cursor, pages, rowsCopied, attempts, lastError, lease, createdAt, updatedAt,
                finishedAt, failingSince, nextAttemptAt, mark);
    }

    public ChainId chain() {
        return id.chain();
    }

    /** Whether a worker holds this job right now. */
    public boolean heldAt(Instant now) {
        return status == JobStatus.IN_PROGRESS && lease != null && !lease.expiredAt(now);
    }

    /** Whether this job is PENDING and waiting for its next attempt after a failure, at {@code now}. */
    public boolean waitingAt(Instant now) {
        return status == JobStatus.PENDING && nextAttemptAt != null && nextAttemptAt.isAfter(now);
    }
}
