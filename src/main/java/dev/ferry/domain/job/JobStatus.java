package dev.ferry.domain.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one job (one queue message's worth of work). A chain of jobs moves one data type
 * (or, in single-event mode, all of them): each budget-limited job hands over to a continuation.
 */
public enum JobStatus {
    /** Recorded and enqueued; nobody holds it. Also the state a retryable failure returns to. */
    PENDING,
    /** Claimed by a worker holding an unexpired lease. */
    IN_PROGRESS,
    /** Budget spent; a continuation job carries on from this job's cursor. Final. */
    CONTINUED,
    /** The chain drained its data. Final. */
    DONE,
    /** Stopped by a permanent error or a lost worker; the checker may start a new job from its cursor. Final for this job. */
    FAILED;

    public boolean canMoveTo(JobStatus next) {
        return allowedNext().contains(next);
    }

    public Set<JobStatus> allowedNext() {
        return switch (this) {
            case PENDING -> EnumSet.of(IN_PROGRESS, FAILED);
            // IN_PROGRESS -> IN_PROGRESS is a re-claim after the lease expired.
            case IN_PROGRESS -> EnumSet.of(IN_PROGRESS, PENDING, CONTINUED, DONE, FAILED);
            case CONTINUED, DONE, FAILED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean isFinal() {
        return allowedNext().isEmpty();
    }
}
