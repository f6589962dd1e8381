package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The seed's job checker, for an installation IN_PROGRESS (or DONE and still syncing, or rolling
 * back). For the live job of every chain of the current pass, and of the current reverse sync:
 * starts chains that have none; re-sends PENDING jobs whose message was lost; fails jobs whose worker
 * vanished (lease expired) and starts the next job from their last cursor after a backoff, until the
 * chain has failed without progress for longer than the {@link FailurePolicy} allows. A chain whose
 * live job is FAILED otherwise (a permanent error, or given up) stays FAILED, with its reason, until an
 * operator asks for a retry ({@link #retryFailed}). So every chain is always progressing, waiting for
 * a scheduled attempt, or visibly FAILED.
 *
 * <p>When every chain of the pass is DONE: without a change feed in the plan the installation is
 * complete; with one, it is complete once a pass after the first moved all data of all types within a
 * single run (the seed's rule: every step of a diff pass took one job), and otherwise the next pass
 * starts (see {@link Passes}). Completing
 * tells the remote first, then marks the installation DONE (in that order, so a crash in between only
 * repeats the idempotent remote call). A plan that keeps syncing after DONE goes on starting passes
 * until the cutover is recorded.
 */
public final class CheckJobs {
    private final MigrationPlan plan;
    private final JobStore store;
    private final RemoteStatus remote;
    private final WorkQueue queue;
    private final JobLauncher launcher;
    private final Clock clock;
    private final CheckerSettings settings;
    private final Failpoints failpoints;

    public CheckJobs(MigrationPlan plan, JobStore store, RemoteStatus remote, WorkQueue queue, Clock clock,
                     CheckerSettings settings) {
        this(plan, store, remote, queue, clock, settings, Failpoints.NONE);
    }

    /** @param failpoints {@link Failpoints#NONE} in production; tests fire {@link Failpoint#CHECKER_MID_RESTART} */
    public CheckJobs(MigrationPlan plan, JobStore store, RemoteStatus remote, WorkQueue queue, Clock clock,
                     CheckerSettings settings, Failpoints failpoints) {
        this.plan = plan;
        this.store = store;
        this.remote = remote;
        this.queue = queue;
        this.launcher = new JobLauncher(store, queue, clock);
        this.clock = clock;
        this.settings = settings;
        this.failpoints = failpoints;
    }

    /**
     * What one check did.
     *
     * @param running     chains whose live job is queued or held by a worker
     * @param waiting     chains waiting for their next attempt after a failure
     * @param failed      chains FAILED, waiting for an operator's retry
     * @param completed   whether this check marked the installation DONE
     * @param pass        the pass the check looked at (a newly started pass is {@code pass + 1})
     * @param passStarted whether it started the next pass
     */
    public record Result(int started, int redispatched, int restarted, int running, int waiting, int failed,
                         boolean completed, int pass, boolean passStarted) {
    }

    public Result check(InstallationId installation) {
        List<Job> jobs = store.jobs(installation);
        boolean isDone = store.trackingStatus(installation).orElse(InstallationStatus.IN_PROGRESS)
                == InstallationStatus.DONE;
        if (isDone && jobs.isEmpty()) {
            // DONE without a job of Ferry's (mirrored from the remote): nothing to look after, nothing to copy
            return new Result(0, 0, 0, 0, 0, 0, false, 1, false);
        }
        Primary primary = store.primary(installation);
        int pass = Passes.current(jobs);
        Tally tally = new Tally();
        // Only the direction the primary allows is looked after: after the cutover the forward pass is
        // left as it is (its jobs stop at their next page), before it no reverse sync runs.
        int done = primary == Primary.SOURCE ? tend(installation, jobs, pass, false, tally) : -1;
        int reverse = Passes.currentReverse(jobs);
        if (reverse > 0 && primary == Primary.DESTINATION) {
            tend(installation, jobs, reverse, true, tally);
        }
        boolean completed = false;
        boolean passStarted = false;
        if (done == Chains.of(plan, pass).size()) {
            if (!isDone && complete(jobs, pass)) {
                remote.set(installation, InstallationStatus.DONE);
                completed = store.moveTracking(installation, InstallationStatus.IN_PROGRESS, InstallationStatus.DONE,
                        clock.instant());
                if (completed) {
                    verifyIfDeletionsUnfed(installation, pass, true);
                }
            } else if (plan.syncsChanges() && (!isDone || keepsSyncing(installation, jobs, primary))) {
                passStarted = startPass(installation, jobs, pass + 1);
                if (passStarted && isDone) {
                    verifyIfDeletionsUnfed(installation, pass, false);
                }
            }
        }
        return new Result(tally.started, tally.redispatched, tally.restarted, tally.running, tally.waiting, tally.failed,
                completed, pass, passStarted);
    }

    /**
     * Whether a DONE installation still needs its checker: it keeps syncing, or a reverse sync has
     * chains that are not all DONE.
     */
    public boolean watchesAfterDone(InstallationId installation) {
        // Every tick asks this for every DONE installation: the job rows are read only when they can matter.
        Primary primary = store.primary(installation);
        if (primary == Primary.SOURCE && !plan.syncsChanges()) {
            return false;
        }
        List<Job> jobs = store.jobs(installation);
        if (primary == Primary.SOURCE) {
            return keepsSyncing(installation, jobs, primary);
        }
        int reverse = Passes.currentReverse(jobs);
        return reverse > 0 && JobLatest.byChain(Passes.of(jobs, reverse, true)).values().stream()
                .filter(j -> j.status() == JobStatus.DONE).count() < Chains.perDataType(plan).size();
    }

    /**
     * Whether a DONE installation still follows its source: it reached DONE through Ferry's diff passes
     * (never one only mirrored from the remote), the source is primary, and either the plan keeps
     * syncing until the cutover or the installation was rolled back (so a later cutover finds it current).
     */
    private boolean keepsSyncing(InstallationId installation, List<Job> jobs, Primary primary) {
        return plan.syncsChanges() && primary == Primary.SOURCE && Passes.current(jobs) >= 2
                && (plan.sync().keepSyncingAfterDone() || store.cutoverAt(installation).isPresent());
    }

    /** The seed's rule, where the plan can tell changes apart; the first complete pass where it cannot. */
    private boolean complete(List<Job> jobs, int pass) {
        if (!plan.syncsChanges()) {
            return true;
        }
        return pass > 1 && Passes.singleRun(plan, Passes.of(jobs, pass, false));
    }

    /** Starts the chain of {@code pass} once its anchor has come (a deterministic id: racing checkers start it once). */
    private boolean startPass(InstallationId installation, List<Job> jobs, int pass) {
        Instant anchor = Passes.anchor(plan, jobs, pass).orElse(null);
        if (anchor == null || anchor.isAfter(clock.instant())) {
            return false;
        }
        Passes.Step first = Passes.firstStep(plan);
        Job job = Job.pending(JobId.first(JobId.chain(JobId.SINGLE_CHAIN, pass, false)), first.dataType().name(),
                Passes.startCursor(plan, jobs, pass, first), 0, 0, 0, clock.instant());
        if (!store.insertJob(installation, job)) {
            return false; // another checker started it (and sent it)
        }
        launcher.send(installation, job);
        return true;
    }

    /**
     * Deletions of data types without a deletions feed are not copied: a verification reports them (as
     * rows only the destination has) at completion, and every {@code verifyEveryPasses} passes while
     * syncing after DONE. It does not repair on its own: a repair racing the app's cutover could undo
     * the app's first writes to its new primary, so removing them is the operator's call
     * ({@code verify --repair}, or a verify message with {@code "repair":true}) before the cutover.
     */
    private void verifyIfDeletionsUnfed(InstallationId installation, int pass, boolean atCompletion) {
        boolean unfed = plan.dataTypes().stream().anyMatch(d -> !d.hasChangeFeed() || !d.changeFeed().deletions());
        int every = plan.sync().verifyEveryPasses();
        if (plan.syncsChanges() && unfed && every > 0 && (atCompletion || pass % every == 0)) {
            queue.send(new WorkMessage.Verify(installation, null, null, false));
        }
    }

    /** Looks after the live job of every chain of one pass (or reverse run); returns how many are DONE. */
    private int tend(InstallationId installation, List<Job> jobs, int pass, boolean reverse, Tally tally) {
        Map<String, Job> latest = JobLatest.byChain(Passes.of(jobs, pass, reverse));
        Instant now = clock.instant();
        int done = 0;
        for (Map.Entry<String, DataType> chain : (reverse ? Chains.perDataType(plan) : Chains.of(plan, pass)).entrySet()) {
            String name = JobId.chain(chain.getKey(), pass, reverse);
            Job job = latest.get(name);
            if (job == null) {
                launcher.launch(installation, JobId.first(name), chain.getValue().name(),
                        reverse || pass == 1 ? null : Passes.startCursor(plan, jobs, pass, Passes.firstStep(plan)),
                        0, 0, 0);
                tally.started++;
                continue;
            }
            switch (job.status()) {
                case DONE -> done++;
                case PENDING -> {
                    if (job.waitingAt(now)) {
                        tally.waiting++;
                    } else if (store.markRedispatched(installation, job.id(), now.minus(settings.redispatchAfter()), now)) {
                        launcher.send(installation, job);
                        tally.redispatched++;
                    } else {
                        tally.running++;
                    }
                }
                case IN_PROGRESS -> {
                    if (job.heldAt(now)) {
                        tally.running++;
                    } else {
                        failVanished(installation, job, now, tally);
                    }
                }
                case FAILED -> {
                    if (restartable(job, now)) {
                        restartAfterFailure(installation, job, now);
                        tally.restarted++;
                    } else {
                        tally.failed++;
                    }
                }
                case CONTINUED -> {
                    // its continuation was lost between the two steps: resume it from the same cursor
                    restart(installation, job, job.attempts(), job.failingSince(), null);
                    tally.restarted++;
                }
            }
        }
        return done;
    }

    /**
     * A job whose worker vanished (lease expired) is FAILED with LEASE_EXPIRED and, unless its chain has
     * failed for too long, followed by a restart after a backoff.
     */
    private void failVanished(InstallationId installation, Job job, Instant now, Tally tally) {
        FailurePolicy policy = settings.failures();
        Instant since = job.failingSince() != null ? job.failingSince() : now;
        String vanished = "the worker stopped without handing over";
        JobError error = policy.givenUp(since, now)
                ? new JobError(ErrorCode.LEASE_EXPIRED, policy.gaveUpReason(since, now, job.attempts() + 1, vanished))
                : new JobError(ErrorCode.LEASE_EXPIRED, vanished);
        if (!store.failExpired(installation, job.id(), error, now)) {
            tally.running++; // its worker handed over meanwhile
            return;
        }
        if (policy.givenUp(since, now)) {
            tally.failed++;
            return;
        }
        restartAfterFailure(installation, job.withRetry(job.attempts() + 1, since, null), now);
        tally.restarted++;
    }

    /**
     * Whether the checker restarts a FAILED job on its own: only one whose worker vanished (LEASE_EXPIRED,
     * a crash or a timeout), while its chain has not failed for too long. Permanent errors and given-up
     * chains wait for an operator.
     */
    private boolean restartable(Job job, Instant now) {
        return job.lastError() != null && job.lastError().code() == ErrorCode.LEASE_EXPIRED
                && !settings.failures().givenUp(job.failingSince() != null ? job.failingSince() : now, now);
    }

    private void restartAfterFailure(InstallationId installation, Job job, Instant now) {
        Instant since = job.failingSince() != null ? job.failingSince() : now;
        Instant next = settings.failures().nextAttempt(now, job.attempts(), java.util.Optional.empty(),
                job.id().next().value());
        restart(installation, job, job.attempts(), since, next);
    }

    /**
     * Restarts every FAILED chain of the installation's current pass (and current reverse run) from its
     * last cursor, at once and with its failure count reset: an operator's answer to a chain Ferry gave
     * up on or that failed permanently (after fixing its cause). The loop checkpoint is kept, so a remote
     * that still loops is caught again. Cutover refusals are left alone (their direction is not allowed).
     *
     * @return how many chains were restarted
     */
    public int retryFailed(InstallationId installation) {
        List<Job> jobs = store.jobs(installation);
        Primary primary = store.primary(installation);
        boolean reverse = primary == Primary.DESTINATION;
        int pass = reverse ? Passes.currentReverse(jobs) : Passes.current(jobs);
        if (pass < 1) {
            return 0;
        }
        int restarted = 0;
        for (Job job : JobLatest.byChain(Passes.of(jobs, pass, reverse)).values()) {
            if (job.status() == JobStatus.FAILED && (job.lastError() == null
                    || job.lastError().code() != ErrorCode.CUTOVER_REFUSED)) {
                restart(installation, job, 0, null, null);
                restarted++;
            }
        }
        return restarted;
    }

    /**
     * Records the chain's next job from {@code job}'s last committed cursor, carrying its counters and loop
     * mark, with the given failure state, then sends it (to arrive at {@code nextAttemptAt} when set).
     */
    private void restart(InstallationId installation, Job job, int attempts, Instant failingSince, Instant nextAttemptAt) {
        Job next = Job.pending(job.id().next(), job.dataType(), job.cursor(), job.pages(), job.rowsCopied(), attempts,
                clock.instant()).withRetry(attempts, failingSince, nextAttemptAt).withLoopMark(job.loopMark());
        store.insertJob(installation, next);
        failpoints.hit(Failpoint.CHECKER_MID_RESTART);
        launcher.send(installation, next);
    }

    private static final class Tally {
        int started;
        int redispatched;
        int restarted;
        int running;
        int waiting;
        int failed;
    }
}
