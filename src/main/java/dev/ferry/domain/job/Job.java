package dev.ferry.domain.job;

import dev.ferry.domain.error.JobError;
import dev.ferry.domain.page.Cursor;
import java.time.Instant;
import java.util.Objects;

/**
 * One job row of an installation's state table.
 *
 * @param dataType   the data type this job moves (in single-event mode it changes along the chain)
 * @param cursor     the last committed cursor (null: start from the first page)
 * @param pages      pages committed by this chain so far; the compare-and-set token for cursor saves
 * @param rowsCopied rows written by this chain so far (carried into continuations)
 * @param attempts   failed attempts since the chain last committed a page (retryable failures and restarts)
 * @param lastError  the most recent failure, or null
 * @param lease      the current holder, or null when nobody holds it
 * @param finishedAt when the job reached a final status, or null
 */
public record Job(JobId id, String dataType, JobStatus status, Cursor cursor, long pages, long rowsCopied,
                  int attempts, JobError lastError, Lease lease, Instant createdAt, Instant updatedAt,
                  Instant finishedAt) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(status, "status");
    }

    /** A new PENDING job. */
    public static Job pending(JobId id, String dataType, Cursor cursor, long pages, long rowsCopied, int attempts,
                              Instant now) {
        return new Job(id, dataType, JobStatus.PENDING, cursor, pages, rowsCopied, attempts, null, null, now, now, null);
    }

    public String chain() {
        return id.chain();
    }

    /** Whether a worker holds this job right now. */
    public boolean heldAt(Instant now) {
        return status == JobStatus.IN_PROGRESS && lease != null && !lease.expiredAt(now);
    }
}
