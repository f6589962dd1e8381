package dev.ferry.domain.job;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every change a job store makes to a job row, with the statuses it applies from and the status it
 * leaves: the one place the job lifecycle's store operations are defined, read by both stores (the MySQL
 * one builds its conditional statements from it, the in-memory one checks it), and held to
 * {@link JobStatus#canMoveTo} by a test, one row per transition.
 */
public enum JobTransition {
    /** A worker takes a PENDING job that is due, or an IN_PROGRESS one whose lease expired. */
    CLAIM(EnumSet.of(JobStatus.PENDING, JobStatus.IN_PROGRESS), JobStatus.IN_PROGRESS),
    /** The holder records a committed page. */
    SAVE_PROGRESS(EnumSet.of(JobStatus.IN_PROGRESS), JobStatus.IN_PROGRESS),
    /** The holder hands the chain to a continuation or the next step. */
    CONTINUE(EnumSet.of(JobStatus.IN_PROGRESS), JobStatus.CONTINUED),
    /** The holder's chain drained its data. */
    COMPLETE(EnumSet.of(JobStatus.IN_PROGRESS), JobStatus.DONE),
    /** The holder gives the job back after a retryable failure. */
    RELEASE(EnumSet.of(JobStatus.IN_PROGRESS), JobStatus.PENDING),
    /** The holder fails the job (a permanent error, or retried for too long). */
    FAIL(EnumSet.of(JobStatus.IN_PROGRESS), JobStatus.FAILED),
    /** The checker fails a job whose worker vanished (lease expired). */
    FAIL_EXPIRED(EnumSet.of(JobStatus.IN_PROGRESS), JobStatus.FAILED),
    /** The checker marks a PENDING job whose message looks lost as re-sent. */
    REDISPATCH(EnumSet.of(JobStatus.PENDING), JobStatus.PENDING);

    private final Set<JobStatus> from;
    private final JobStatus to;

    JobTransition(Set<JobStatus> from, JobStatus to) {
        for (JobStatus status : from) {
            if (status != to && !status.canMoveTo(to)) {
                // the status enum's rules bind every store operation: a contradiction fails at class load
                throw new IllegalStateException(name() + ": " + status + " may not move to " + to);
            }
        }
        this.from = from;
        this.to = to;
    }

    /** The statuses this transition applies from. */
    public Set<JobStatus> from() {
        return EnumSet.copyOf(from);
    }

    /** The status it leaves the job in. */
    public JobStatus to() {
        return to;
    }

    /** Whether a job in {@code current} may take this transition (other conditions — lease, owner — aside). */
    public boolean appliesTo(JobStatus current) {
        return from.contains(current);
    }

    /** The ending transition that leaves a job in {@code status}: CONTINUED or DONE. */
    public static JobTransition ending(JobStatus status) {
        return switch (status) {
            case CONTINUED -> CONTINUE;
            case DONE -> COMPLETE;
            default -> throw new IllegalArgumentException("a job finishes as CONTINUED or DONE, not " + status);
        };
    }

    /** The SQL condition on a {@code status} column for this transition, e.g. {@code `status` IN ('IN_PROGRESS')}. */
    public String statusCondition() {
        return "`status` IN (" + from.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "))
                + ")";
    }
}
