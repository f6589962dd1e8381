package dev.ferry.app.port;

import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.Controls;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The per-installation state table: the tracking row ({@code __DATA_MIGRATION__}) and one row per
 * job. Every change is a single conditional statement (compare-and-set) returning whether it
 * applied, because the target database has no transactions. Times come from the caller's clock.
 * Unavailability is STATE_STORE_UNAVAILABLE (retryable).
 */
public interface JobStore {

    /** The tracking row's status; empty when the installation has no database or no tracking row yet. */
    Optional<InstallationStatus> trackingStatus(InstallationId installation);

    /** Inserts the tracking row with {@code status} unless one exists. Returns whether it inserted. */
    boolean initTracking(InstallationId installation, InstallationStatus status, Instant now);

    /**
     * Moves the tracking row from {@code from} to {@code to} if it is still {@code from}; the move must
     * be allowed by {@link InstallationStatus#canMoveTo}. Returns whether it moved.
     */
    boolean moveTracking(InstallationId installation, InstallationStatus from, InstallationStatus to, Instant now);

    /**
     * Claims, until {@code until}, the right to tell the remote about the installation's next status
     * transition, unless another holder's claim is still live (at {@code now}): of concurrent trackers and
     * checkers only one reports a transition, and a claim whose holder vanished expires. The tracking row
     * must exist. Returns whether {@code owner} holds it now (a holder claiming again extends it).
     */
    boolean claimStatusReport(InstallationId installation, String owner, Instant until, Instant now);

    /** Gives {@code owner}'s claim back; nothing if it expired and another holder took it. */
    void releaseStatusReport(InstallationId installation, String owner);

    /**
     * What an operator set for the installation (primary side, pause), in one read: {@link Controls#NONE}
     * when nothing was ever set, or the installation has no state table yet.
     */
    Controls controls(InstallationId installation);

    /** Which side is primary: {@link Primary#SOURCE} until a cutover is recorded. */
    default Primary primary(InstallationId installation) {
        return controls(installation).primary();
    }

    /** When the primary last changed (the latest recorded cutover); empty if it never did. */
    default Optional<Instant> cutoverAt(InstallationId installation) {
        return Optional.ofNullable(controls(installation).cutoverAt());
    }

    /**
     * Pauses ({@code paused}) or resumes the installation's migration: its tracker and workers leave it
     * alone while it is paused. Idempotent. Returns whether this call changed it.
     */
    boolean setPaused(InstallationId installation, boolean paused, Instant now);

    /**
     * Records the fingerprint of the plan the installation's chains now run with, if the one recorded is
     * still {@code seen} (null: none recorded yet): a compare-and-set, so of two checkers that see a new
     * plan only one wins. The value comes back in {@link Controls#planFingerprint()}.
     *
     * @return whether this call recorded it
     */
    boolean recordPlan(InstallationId installation, String seen, String fingerprint, Instant now);

    /**
     * Records a cutover: the primary becomes {@code to} if it is still {@code from} (compare-and-set, so
     * two operators racing cannot both switch). Returns whether it applied.
     */
    boolean recordCutover(InstallationId installation, Primary from, Primary to, Instant now);

    /** Every job of the installation (not the tracking, cutover or pause rows), in no particular order. */
    List<Job> jobs(InstallationId installation);

    Optional<Job> job(InstallationId installation, JobId id);

    /**
     * Records a new job, every field as given (its failure state and loop mark too), unless a job with
     * its id exists (ids are deterministic). Returns whether it inserted.
     */
    boolean insertJob(InstallationId installation, Job job);

    /**
     * Records {@code next}, the continuation of {@code predecessor}, in one statement and only while
     * {@code owner} still holds the predecessor with {@code expectedPages} pages: a worker that lost
     * its job (its lease expired and another worker took over or finished it) can never leave a
     * continuation behind. {@code next} is stored PENDING with its cursor, counters, attempts and loop
     * mark. Returns whether it inserted (false also when {@code next} exists already).
     */
    boolean insertContinuation(InstallationId installation, JobId predecessor, String owner, long expectedPages,
                               Job next);

    /**
     * Takes the job for {@code lease.owner()} if it is PENDING and due ({@code nextAttemptAt} unset or
     * not after {@code now}), or IN_PROGRESS with a lease expired at {@code now}; sets IN_PROGRESS and
     * the lease. Returns the job as claimed, or empty if someone else holds it, it is final, or it is
     * waiting for its next attempt.
     */
    Optional<Job> claim(InstallationId installation, JobId id, Lease lease, Instant now);

    /**
     * Records one committed page: sets the cursor and the loop mark, adds the rows, increments pages,
     * extends the lease and clears the failure state (attempts back to zero, no failing-since, no next
     * attempt: the chain is progressing), but only if {@code owner} still holds the job and its page
     * count is still {@code expectedPages} (so a cursor can never move backwards). Returns whether it applied.
     *
     * @param loopMark the chain's loop checkpoint after this page (null: none yet)
     */
    boolean saveProgress(InstallationId installation, JobId id, String owner, long expectedPages, Cursor cursor,
                         long rowsAdded, LoopMark loopMark, Instant leaseUntil, Instant now);

    /** The holder ends the job as CONTINUED or DONE. Returns whether it applied (false: lost the lease). */
    boolean finish(InstallationId installation, JobId id, String owner, JobStatus to, Instant now);

    /**
     * The holder records the last page of its data and ends the job as CONTINUED or DONE, in one
     * statement: the effect of {@link #saveProgress} (same conditions) followed by {@link #finish}. So
     * no crash can leave the last page saved with the job still open, whose restart would read that
     * page again and count its rows twice. Returns whether it applied.
     */
    boolean finishWithLastPage(InstallationId installation, JobId id, String owner, long expectedPages, Cursor cursor,
                               long rowsAdded, JobStatus to, Instant now);

    /**
     * The holder gives the job back after a retryable failure: PENDING, attempts + 1, last error set,
     * failing since {@code failingSince}, not to be claimed before {@code nextAttemptAt}.
     */
    boolean release(InstallationId installation, JobId id, String owner, JobError error, Instant failingSince,
                    Instant nextAttemptAt, Instant now);

    /** The holder fails the job (permanent error): FAILED, attempts + 1, last error set. */
    boolean fail(InstallationId installation, JobId id, String owner, JobError error, Instant now);

    /** Fails a job whose worker vanished: only if IN_PROGRESS with a lease expired at {@code now}. */
    boolean failExpired(InstallationId installation, JobId id, JobError error, Instant now);

    /**
     * Marks a PENDING job as re-sent (updated_at = now) if neither it was updated nor its next attempt
     * fell due since {@code staleBefore}. Returns whether it applied; only then should the caller re-send it.
     * A lost message is not a failure of the chain: attempts stay as they are.
     */
    boolean markRedispatched(InstallationId installation, JobId id, Instant staleBefore, Instant now);
}
