package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.ChainId;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's job checker, for an installation IN_PROGRESS (or DONE and still syncing, or rolling
 * back). For the live job of every chain of the current pass, and of the current reverse run: starts
 * chains that have none; re-sends PENDING jobs whose message was lost; fails jobs whose worker
 * vanished (lease expired) and starts the next job from their last cursor after a backoff, until the
 * chain has failed without progress for longer than the {@link FailurePolicy} allows. A chain whose
 * live job is FAILED otherwise (a permanent error, or given up) stays FAILED, with its reason, until an
 * operator asks for a retry ({@link #retryFailed}). So every chain is always progressing, waiting for
 * a scheduled attempt, or visibly FAILED.
 *
 * <p>When every chain of the pass is DONE: without a change feed in the plan the installation is
 * complete; with one, it is complete once a pass after the first moved all data of all types within a
 * single run (the seed's rule: every step of a diff pass took one job), and otherwise the next pass
 * starts (see {@link Runs}). Completing tells the remote first, then marks the installation DONE (in
 * that order, so a crash in between only repeats the idempotent remote call). A plan that keeps
 * syncing after DONE goes on starting passes until the cutover is recorded.
 */
public final class CheckJobs {
    private final MigrationPlan plan;
    private final JobStore store;
    private final RemoteStatus remote;
    private final WorkQueue queue;
    private final JobLauncher launcher;
    private final Clock clock;
    private final CheckerSettings settings;
    private final String planFingerprint;

    /** Built by {@link FerryCore} (and tests of this package) from the core's ports. */
    CheckJobs(MigrationPlan plan, FerryCore.Ports ports, CheckerSettings settings) {
        this.plan = plan;
        this.store = ports.store();
        this.remote = ports.status();
        this.queue = ports.queue();
        this.launcher = new JobLauncher(store, queue, ports.clock(), ports.failpoints());
        this.clock = ports.clock();
        this.settings = settings;
        this.planFingerprint = plan.fingerprint();
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
        dev.ferry.domain.job.Controls controls = store.controls(installation);
        restartFailedAfterPlanChange(installation, controls.planFingerprint());
        Runs runs = Runs.of(plan, store.jobs(installation));
        boolean isDone = store.trackingStatus(installation).orElse(InstallationStatus.IN_PROGRESS)
                == InstallationStatus.DONE;
        Run pass = runs.currentPassRun();
        if (isDone && pass.isEmpty() && runs.currentReverse() == 0) {
            // DONE without a job of Ferry's (mirrored from the remote): nothing to look after, nothing to copy
            return new Result(0, 0, 0, 0, 0, 0, false, 1, false);
        }
        Primary primary = controls.primary();
        Tally tally = new Tally();
        // Only the direction the primary allows is looked after: after the cutover the forward pass is
        // left as it is (its jobs stop at their next page), before it no reverse sync runs.
        if (primary == Primary.SOURCE) {
            tend(installation, runs, pass, tally);
        }
        runs.currentReverseRun().filter(r -> primary == Primary.DESTINATION).ifPresent(r -> tend(installation, runs, r, tally));
        boolean completed = false;
        boolean passStarted = false;
        if (primary == Primary.SOURCE && tally.done == pass.chains().size()) {
            if (!isDone && complete(pass)) {
                completed = reportDone(installation);
                if (completed) {
                    verifyIfDeletionsUnfed(installation, pass.number(), true);
                }
            } else if (plan.syncsChanges() && (!isDone || keepsSyncing(installation, runs, primary))) {
                passStarted = startPass(installation, runs, pass.number() + 1);
                if (passStarted && isDone) {
                    verifyIfDeletionsUnfed(installation, pass.number(), false);
                }
            }
        }
        return new Result(tally.started, tally.redispatched, tally.restarted, tally.running, tally.waiting, tally.failed,
                completed, pass.number(), passStarted);
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
        Runs runs = Runs.of(plan, store.jobs(installation));
        if (primary == Primary.SOURCE) {
            return keepsSyncing(installation, runs, primary);
        }
        return runs.currentReverseRun().map(r -> !r.allDone()).orElse(false);
    }

    /**
     * Whether a DONE installation still follows its source: it reached DONE through Ferry's diff passes
     * (never one only mirrored from the remote), the source is primary, and either the plan keeps
     * syncing until the cutover or the installation was rolled back (so a later cutover finds it current).
     */
    private boolean keepsSyncing(InstallationId installation, Runs runs, Primary primary) {
        return plan.syncsChanges() && primary == Primary.SOURCE && runs.currentPass() >= 2
                && (plan.sync().keepSyncingAfterDone() || store.cutoverAt(installation).isPresent());
    }

    /** The seed's rule, where the plan can tell changes apart; the first complete pass where it cannot. */
    private boolean complete(Run pass) {
        if (!plan.syncsChanges()) {
            return true;
        }
        return pass.number() > 1 && pass.singleRun(DiffPassSteps.of(plan).size());
    }

    /** Starts pass {@code number} once its anchor has come (a deterministic id: racing checkers start it once). */
    private boolean startPass(InstallationId installation, Runs runs, int number) {
        Instant anchor = runs.nextPassAnchor(number).orElse(null);
        if (anchor == null || anchor.isAfter(clock.instant())) {
            return false;
        }
        DiffPassSteps.Step first = DiffPassSteps.first(plan);
        return launcher.start(installation, ChainId.forward(ChainId.SINGLE, number), first.dataType(),
                runs.startCursor(number, first));
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

    /** Looks after the live job of every chain of one run, counting into {@code tally}. */
    private void tend(InstallationId installation, Runs runs, Run run, Tally tally) {
        Instant now = clock.instant();
        for (Map.Entry<ChainId, DataType> chain : run.chains().entrySet()) {
            Optional<Job> live = run.live(chain.getKey());
            if (live.isEmpty()) {
                boolean first = run.reverse() || run.number() == 1;
                launcher.start(installation, chain.getKey(), chain.getValue(),
                        first ? null : runs.startCursor(run.number(), DiffPassSteps.first(plan)));
                tally.started++;
                continue;
            }
            Job job = live.get();
            switch (job.status()) {
                case DONE -> tally.done++;
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
                    launcher.restart(installation, job, job.attempts(), job.failingSince(), null);
                    tally.restarted++;
                }
            }
        }
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
        Instant next = settings.failures().nextAttempt(now, job.attempts(), Optional.empty(), job.id().next().value());
        launcher.restart(installation, job, job.attempts(), since, next);
    }

    /**
     * Restarts every FAILED chain of the installation's current pass (and current reverse run) from its
     * last cursor, at once and with its failure count reset: an operator's answer to a chain Ferry gave
     * up on or that failed permanently (after fixing its cause). The loop checkpoint is kept, so a remote
     * that still loops is caught again. Cutover refusals are left alone (their direction is not allowed).
     *
     * @return how many chains were restarted
     */
    /**
     * Tells the remote DONE, then marks the installation DONE (in that order: a crash in between only repeats
     * the idempotent PUT on the next check), under the status-report claim and only while the tracking row
     * is still IN_PROGRESS, so two checkers completing at once report it once. Whether this call completed it.
     */
    private boolean reportDone(InstallationId installation) {
        String owner = java.util.UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!store.claimStatusReport(installation, owner, now.plus(TrackInstallation.STATUS_REPORT_CLAIM), now)) {
            return false;
        }
        try {
            if (store.trackingStatus(installation).orElse(InstallationStatus.IN_PROGRESS) != InstallationStatus.IN_PROGRESS) {
                return false;
            }
            remote.reportMigrationStatus(installation, InstallationStatus.DONE);
            return store.moveTracking(installation, InstallationStatus.IN_PROGRESS, InstallationStatus.DONE, clock.instant());
        } finally {
            store.releaseStatusReport(installation, owner);
        }
    }

    /**
     * A chain FAILED for good under one plan gets another chance under a new one (the cause is often in the
     * plan, e.g. headers that do not match): the first check that sees a plan fingerprint other than the one
     * recorded for the installation records the new one (compare-and-set: one checker wins) and restarts the
     * FAILED chains, as an operator's retry would. The first fingerprint ever recorded restarts nothing.
     *
     * @param seen the fingerprint recorded for the installation (from its controls), or null
     * @return the chains restarted
     */
    private int restartFailedAfterPlanChange(InstallationId installation, String seen) {
        String current = planFingerprint;
        if (current.equals(seen) || !store.recordPlan(installation, seen, current, clock.instant()) || seen == null) {
            return 0;
        }
        return retryFailed(installation);
    }

    public int retryFailed(InstallationId installation) {
        Runs runs = Runs.of(plan, store.jobs(installation));
        Optional<Run> run = store.primary(installation) == Primary.DESTINATION ? runs.currentReverseRun()
                : Optional.of(runs.currentPassRun());
        int restarted = 0;
        for (Job job : run.map(r -> r.live().values()).orElse(java.util.List.of())) {
            if (job.status() == JobStatus.FAILED && (job.lastError() == null
                    || job.lastError().code() != ErrorCode.CUTOVER_REFUSED)) {
                launcher.restart(installation, job, 0, null, null);
                restarted++;
            }
        }
        return restarted;
    }

    /**
     * An operator's pause: the tracker leaves the installation alone and every job stops before its next
     * page, its continuation kept unsent (see {@link RunTransferJob}). Idempotent.
     *
     * @return whether this call paused it (false: it was paused already)
     * @throws dev.ferry.domain.error.FerryException UNKNOWN_INSTALLATION (permanent) when Ferry never tracked it
     */
    public boolean pause(InstallationId installation) {
        requireTracked(installation, "pause");
        return store.setPaused(installation, true, clock.instant());
    }

    /**
     * An operator's resume: clears the pause and sends every live PENDING job of the current pass (and
     * reverse run) at once, continuations held back while paused included; jobs waiting for a scheduled
     * attempt keep their time. The next tracker tick looks after the rest. Idempotent.
     *
     * @return how many jobs were sent (0 when it was not paused)
     */
    public int resume(InstallationId installation) {
        requireTracked(installation, "resume");
        if (!store.setPaused(installation, false, clock.instant())) {
            return 0;
        }
        Runs runs = Runs.of(plan, store.jobs(installation));
        Run run = store.primary(installation) == Primary.DESTINATION ? runs.currentReverseRun().orElse(null)
                : runs.currentPassRun();
        int sent = 0;
        for (Job job : run == null ? java.util.List.<Job>of() : run.live().values()) {
            if (job.status() == JobStatus.PENDING) {
                launcher.send(installation, job);
                sent++;
            }
        }
        return sent;
    }

    private void requireTracked(InstallationId installation, String action) {
        if (store.trackingStatus(installation).isEmpty()) {
            throw new dev.ferry.domain.error.FerryException(ErrorCode.UNKNOWN_INSTALLATION, "cannot " + action
                    + " installation " + installation + ": Ferry has never tracked it; nothing changed");
        }
    }

    private static final class Tally {
        int started;
        int redispatched;
        int restarted;
        int running;
        int waiting;
        int failed;
        int done;
    }
}
