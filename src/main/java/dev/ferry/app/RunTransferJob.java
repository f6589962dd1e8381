package dev.ferry.app;

import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.budget.LoopOutcome;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.Controls;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.write.PageSizer;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The seed's data transfer function, made restartable. Claims the job (a duplicate delivery that
 * loses the claim does nothing), then loops within the budget: fetch a page, convert it, upsert it,
 * and only then save the cursor — conditionally, so a worker that lost its lease stops. When the
 * budget is spent it records and sends a continuation from the last committed cursor, then marks
 * itself CONTINUED; when the data is drained it marks itself DONE (or, in single-event mode,
 * continues with the next data type) and asks the tracker to check the installation.
 *
 * <p>Errors: a retryable one gives the job back, PENDING with its next attempt scheduled after a
 * capped exponential backoff ({@link FailurePolicy}), and sends the job's message to arrive then; the
 * delivery itself is acknowledged. A chain that has failed without progress for longer than the policy
 * allows, and a permanent error, mark the job FAILED with the reason (the message is acknowledged):
 * the chain then waits for an operator's retry. Either way nothing is half-written: a page's rows
 * are either all upserted before its cursor is saved, or the page is replayed.
 *
 * <p>Pause: an operator's pause stops the loop before its next page is written; the job hands over to a
 * continuation from the last committed cursor that is not sent, and the installation's resume sends it.
 *
 * <p>Loops: a remote whose cursor comes back to a value it gave before, or that serves the same rows
 * again under a new cursor, fails the job with CURSOR_NOT_ADVANCING, within an invocation (every cursor
 * seen) and across invocations (the chain's {@link LoopMark}, saved with each cursor).
 */
public final class RunTransferJob {
    private final MigrationPlan plan;
    private final JobStore store;
    private final RemoteSource remote;
    private final RowSink sink;
    private final WorkQueue queue;
    private final JobLauncher launcher;
    private final Clock clock;
    private final WorkerSettings settings;
    private final Failpoints failpoints;
    private final RemoteChanges changes;
    private final RemoteWriter writer;
    private final DestinationRanges destination;
    private final java.util.concurrent.Executor readAheadExecutor;

    /** Built by {@link FerryCore} (and tests of this package) from the core's ports; none may be missing. */
    RunTransferJob(MigrationPlan plan, FerryCore.Ports ports, WorkerSettings settings) {
        this.plan = plan;
        this.store = ports.store();
        this.remote = ports.remote();
        this.sink = ports.sink();
        this.queue = ports.queue();
        this.launcher = new JobLauncher(store, queue, ports.clock(), ports.failpoints());
        this.clock = ports.clock();
        this.settings = settings;
        this.failpoints = ports.failpoints();
        this.changes = ports.changes();
        this.writer = ports.writer();
        this.destination = ports.destination();
        this.readAheadExecutor = ports.readAhead();
    }

    /**
     * The result of one delivery: skipped (not claimed; {@code waitingUntil} set when the job waits for
     * its next attempt, the message then sent again to arrive at that time) or the loop's outcome.
     */
    public record Result(boolean claimed, LoopOutcome outcome, Instant waitingUntil) {
        public Result(boolean claimed, LoopOutcome outcome) {
            this(claimed, outcome, null);
        }

        static Result skipped() {
            return new Result(false, null, null);
        }
    }

    /**
     * @param owner           who claims the job: unique per delivery (e.g. request id + message id)
     * @param remainingMillis the invocation's remaining time, read afresh each turn
     * @throws FerryException a retryable failure where the job's own state could not be recorded (the
     *                        state store or the queue is unavailable: the message should be retried); or,
     *                        touching nothing, UNKNOWN_INSTALLATION / INVALID_MESSAGE (permanent) when the
     *                        message names a job Ferry never recorded
     */
    public Result run(TransferJob message, String owner, LongSupplier remainingMillis) {
        InstallationId installation = message.installation();
        Instant now = clock.instant();
        Optional<Job> claimed = store.claim(installation, message.job(), new Lease(owner, leaseEnd(now, remainingMillis)), now);
        if (claimed.isEmpty()) {
            Job current = requireRecorded(message);
            if (current.waitingAt(now)) {
                // Early (a redelivery, or a duplicate): the message goes back to arrive when the job falls due,
                // so a waiting job always has a message on its way.
                launcher.send(installation, current);
                return new Result(false, null, current.nextAttemptAt());
            }
            return Result.skipped();
        }
        Job job = claimed.get();
        if (store.job(installation, job.id().next()).isPresent()) {
            // A continuation exists already: this delivery is a replay of a job that handed over.
            store.finish(installation, job.id(), owner, JobStatus.CONTINUED, clock.instant());
            return Result.skipped();
        }
        ChainProgress progress = new ChainProgress(job);
        try {
            DataType dataType = plan.requireDataType(job.dataType());
            LoopOutcome outcome = loop(installation, job, dataType, owner, remainingMillis, progress);
            handOver(installation, job, dataType, owner, outcome, progress);
            return new Result(true, outcome);
        } catch (RuntimeException e) {
            FerryException error = FerryException.of(e);
            if (error.retryable()) {
                return retryLater(installation, job, owner, error, progress);
            }
            store.fail(installation, job.id(), owner, JobError.of(error), clock.instant());
            return new Result(true, new LoopOutcome.Failed(progress.pages, progress.rows, error));
        }
    }

    /**
     * A retryable failure: the job goes back to PENDING with its next attempt scheduled and its message
     * sent to arrive then, or, when the chain has failed without progress for too long, FAILED with the
     * last error. If this invocation committed pages, the chain was progressing: its count starts afresh.
     */
    private Result retryLater(InstallationId installation, Job job, String owner, FerryException error,
                              ChainProgress progress) {
        Instant now = clock.instant();
        FailurePolicy policy = settings.failures();
        boolean progressed = progress.pages > 0;
        int failures = (progressed ? 0 : job.attempts()) + 1;
        Instant failingSince = progressed || job.failingSince() == null ? now : job.failingSince();
        if (policy.givenUp(failingSince, now)) {
            store.fail(installation, job.id(), owner, new JobError(error.code(),
                    policy.gaveUpReason(failingSince, now, failures, error.getMessage())), now);
            return new Result(true, new LoopOutcome.Failed(progress.pages, progress.rows, error));
        }
        Instant next = policy.nextAttempt(now, failures, error.retryAfter(), job.id().value());
        if (!store.release(installation, job.id(), owner, JobError.of(error), failingSince, next, now)) {
            return new Result(true, new LoopOutcome.LostClaim(progress.pages, progress.rows));
        }
        Job waiting = Job.pending(job.id(), job.dataType(), progress.cursor, progress.storedPages, progress.storedRows,
                failures, now).withRetry(failures, failingSince, next);
        launcher.send(installation, waiting);
        return new Result(true, new LoopOutcome.Retrying(progress.pages, progress.rows, error, next), next);
    }

    /**
     * A claim fails for a job someone else holds or that has finished (a duplicate delivery), and for a
     * job that was never recorded: a message naming an unknown installation or job, refused here.
     */
    private Job requireRecorded(TransferJob message) {
        InstallationId installation = message.installation();
        Optional<Job> recorded = store.job(installation, message.job());
        if (recorded.isPresent()) {
            return recorded.get();
        }
        if (store.trackingStatus(installation).isEmpty()) {
            throw new FerryException(ErrorCode.UNKNOWN_INSTALLATION, "installation " + installation
                    + " has no migration state (never tracked, or its database is gone); job " + message.job()
                    + " not run, nothing created");
        }
        throw new FerryException(ErrorCode.INVALID_MESSAGE, "installation " + installation + " has no job "
                + message.job() + "; not run, nothing created");
    }

    /**
     * The page loop. Each page is converted and checked whole, written, and only then its cursor saved, in
     * page order. With read-ahead on, the next page is fetched and converted on another thread while pages are
     * written (one page ahead, and only when the budget leaves room for it); with several writers
     * ({@link WorkerSettings#writers()}, for movers that allow it), that many pages are written at once, each
     * cursor saved once its page and every page before it are written ({@link PageWrites}). When the loop
     * stops, what is written is saved in order; a page read ahead or written ahead past a failure is dropped
     * unsaved, for the next job to write again. Page sizes follow {@link PageSizer}.
     */
    private LoopOutcome loop(InstallationId installation, Job job, DataType dataType, String owner,
                             LongSupplier remainingMillis, ChainProgress progress) {
        return new PageLoop(installation, job, dataType, owner, remainingMillis, progress).run();
    }

    /** One invocation's page loop: see {@link #loop}. */
    private final class PageLoop {
        private final InstallationId installation;
        private final Job job;
        private final DataType dataType;
        private final String owner;
        private final LongSupplier remainingMillis;
        private final ChainProgress progress;
        private final Budget budget;
        private final PageMover mover;
        private final PageSizer sizer;
        private final ReadAhead ahead;
        private final PageWrites writes;
        private final Set<Cursor> seen = new HashSet<>();

        PageLoop(InstallationId installation, Job job, DataType dataType, String owner, LongSupplier remainingMillis,
                 ChainProgress progress) {
            this.installation = installation;
            this.job = job;
            this.dataType = dataType;
            this.owner = owner;
            this.remainingMillis = remainingMillis;
            this.progress = progress;
            this.budget = new Budget(remainingMillis, settings.safetyMarginMillis(), settings.initialPageMillis());
            this.mover = mover(installation, job, dataType, remainingMillis);
            this.sizer = new PageSizer(dataType, settings.pageBytes(), settings.maxPlaceholders(), settings.maxPageSize());
            this.ahead = new ReadAhead(readAheadExecutor, failpoints);
            this.writes = new PageWrites(mover.writesInParallel() ? settings.writers() : 1, readAheadExecutor, failpoints);
            if (progress.cursor != null) {
                seen.add(progress.cursor);
            }
        }

        LoopOutcome run() {
            try {
                if (pausedOrWrongDirection(installation, job)) {
                    return new LoopOutcome.Paused(0, 0);
                }
                return pages();
            } catch (RuntimeException e) {
                // a read or a check failed: what is written is saved first (a failed write has emptied the window)
                try {
                    saveWritten(0);
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            } finally {
                ahead.discard();
                writes.abandon();
            }
        }

        private LoopOutcome pages() {
            long invocationStarted = System.nanoTime();
            long started = invocationStarted;
            PageMover.Page page = AdvancingPages.read(mover, sizer, progress.cursor);
            Cursor after = progress.cursor;
            LoopMark mark = progress.mark;
            long pagesRead = progress.storedPages;
            while (true) {
                if (!page.isLast()) {
                    AdvancingPages.requireAdvancing(dataType, after, page, seen, mark);
                    mark = LoopMark.after(mark, ++pagesRead, page.prints());
                }
                // the next read starts before anything else, so the reader never waits on this thread's checks
                if (settings.readAhead() && !page.isLast() && budget.allowsPages(writes.size() + 2)) {
                    Cursor next = page.next();
                    ahead.start(() -> AdvancingPages.read(mover, sizer, next));
                }
                if (pausedOrWrongDirection(installation, job)) {
                    return saveWritten(0) ? new LoopOutcome.Paused(progress.pages, progress.rows) : lostClaim();
                }
                Cursor pageAfter = after;
                PageMover.Page pageToWrite = page;
                writes.submit(new PageWrites.Submitted(page, mark), () -> {
                    mover.write(pageAfter, pageToWrite);
                    failpoints.hit(Failpoint.AFTER_ROWS_WRITTEN);
                });
                if (page.isLast()) {
                    // The pages before it saved; the last one is saved together with the job's end, in one statement
                    // (see handOver): a crash can never leave the last page saved but the job open, to be counted twice.
                    return saveWritten(0) ? new LoopOutcome.Drained(progress.pages + 1, progress.rows + progress.lastPageRows)
                            : lostClaim();
                }
                after = page.next();
                if (!saveWritten(settings.writers() - 1)) {
                    return lostClaim();
                }
                budget.recordPage((System.nanoTime() - started) / 1_000_000);
                // Like the seed's do-while loop, every invocation commits at least one page, so a chain
                // always progresses even when the budget is smaller than the safety margin.
                if (!budget.allowsPages(writes.size() + 1) || yieldsToWaitingWork(invocationStarted)) {
                    return saveWritten(0) ? new LoopOutcome.BudgetSpent(progress.pages, progress.rows) : lostClaim();
                }
                started = System.nanoTime();
                page = ahead.started() ? ahead.take() : AdvancingPages.read(mover, sizer, after);
            }
        }

        /**
         * Saves the cursors of written pages, oldest first: every page that is written already, and more, waiting,
         * until at most {@code keep} pages are still in the window. The last page of the data is not saved here but
         * noted for the hand-over. A write or a save that fails drops the pages after it unsaved and is thrown.
         *
         * @return false when the claim was lost (nothing more saved)
         */
        private boolean saveWritten(int keep) {
            try {
                while (!writes.isEmpty() && (writes.size() > keep || writes.oldestDone())) {
                    PageWrites.Submitted written = writes.takeOldest();
                    PageMover.Page page = written.page();
                    if (page.isLast()) {
                        progress.lastPageRows = page.size();
                        continue;
                    }
                    Instant now = clock.instant();
                    if (!store.saveProgress(installation, job.id(), owner, progress.storedPages, page.next(), page.size(),
                            written.mark(), leaseEnd(now, remainingMillis), now)) {
                        return false;
                    }
                    progress.committed(page.next(), page.size(), written.mark());
                    failpoints.hit(Failpoint.AFTER_CURSOR_SAVED);
                }
                return true;
            } catch (RuntimeException e) {
                writes.abandon();
                throw e;
            }
        }

        private LoopOutcome lostClaim() {
            return new LoopOutcome.LostClaim(progress.pages, progress.rows);
        }
    }

    /**
     * Fairness: past the time slice, an invocation hands its job over (like a spent budget: a continuation
     * from the saved cursor, at the back of the queue) when other messages wait, so another installation's
     * first page is not held behind this one's backlog for a whole budget.
     */
    private boolean yieldsToWaitingWork(long invocationStartedNanos) {
        long slice = settings.timeSliceMillis();
        return slice > 0 && (System.nanoTime() - invocationStartedNanos) / 1_000_000 >= slice && queue.othersWaiting();
    }

    /**
     * The operator's controls, read before the first page and before every page is written (one SELECT).
     * Forward copies write into the destination only while the source is primary, reverse syncs write
     * into the source only while the destination is, so a cutover stops the other direction's jobs at
     * their next page (CUTOVER_REFUSED, permanent; the checker leaves them). A pause stops every job at its
     * next page: true means the loop ends there, nothing more written.
     */
    private boolean pausedOrWrongDirection(InstallationId installation, Job job) {
        Controls controls = store.controls(installation);
        Primary primary = controls.primary();
        if (job.id().reverse() != (primary == Primary.DESTINATION)) {
            throw new FerryException(ErrorCode.CUTOVER_REFUSED, (job.id().reverse() ? "reverse sync" : "forward copy")
                    + " stopped: the " + primary.name().toLowerCase(java.util.Locale.ROOT) + " is primary");
        }
        return controls.paused();
    }

    /**
     * How this job moves its pages: back to the source for a reverse sync; through the change feed
     * in passes after the first, for a data type that has one; otherwise by the seed's full copy.
     * Retries of a page (back-off, Retry-After) must never outlast the invocation itself.
     */
    private PageMover mover(InstallationId installation, Job job, DataType dataType, LongSupplier remainingMillis) {
        Runnable afterFetch = () -> failpoints.hit(Failpoint.AFTER_PAGE_FETCHED);
        if (job.id().reverse()) {
            return new ReverseSyncMover(installation, dataType, destination, writer.withDeadline(remainingMillis));
        }
        if (job.id().pass() > 1 && dataType.hasChangeFeed()) {
            return new ChangeFeedMover(installation, dataType, changes.withDeadline(remainingMillis), sink, afterFetch);
        }
        return new FullCopyMover(installation, dataType, remote.withDeadline(remainingMillis), sink, afterFetch);
    }


    /**
     * After the loop: a spent budget hands over to a continuation from the last committed cursor (it starts
     * with no failed attempts: this job committed pages); drained data hands over to the chain's next step
     * (the last page saved with this job's end), or ends the chain DONE and asks the tracker to look.
     */
    private void handOver(InstallationId installation, Job job, DataType dataType, String owner, LoopOutcome outcome,
                           ChainProgress progress) {
        if (outcome instanceof LoopOutcome.BudgetSpent || outcome instanceof LoopOutcome.Paused) {
            // A paused job keeps its failure count (it may have committed nothing); a spent budget committed pages.
            boolean paused = outcome instanceof LoopOutcome.Paused;
            Job next = Job.pending(job.id().next(), dataType.name(), progress.cursor, progress.storedPages,
                    progress.storedRows, 0, clock.instant()).withLoopMark(progress.mark);
            if (paused && progress.pages == 0 && job.failingSince() != null) {
                next = next.withRetry(job.attempts(), job.failingSince(), null);
            }
            launcher.handOver(installation, job, owner, progress.storedPages, next,
                    () -> store.finish(installation, job.id(), owner, JobStatus.CONTINUED, clock.instant()), !paused);
        } else if (outcome instanceof LoopOutcome.Drained) {
            Optional<DiffPassSteps.Step> nextStep = nextStep(job);
            if (nextStep.isPresent()) {
                Cursor start = Runs.of(plan, store.jobs(installation)).startCursor(job.id().pass(), nextStep.get());
                Job next = Job.pending(job.id().next(), nextStep.get().dataType().name(), start, progress.storedPages + 1,
                        progress.storedRows + progress.lastPageRows, 0, clock.instant()).withLoopMark(progress.mark);
                launcher.handOver(installation, job, owner, progress.storedPages, next,
                        () -> finishWithLastPage(installation, job, owner, progress, JobStatus.CONTINUED), true);
            } else if (finishWithLastPage(installation, job, owner, progress, JobStatus.DONE)) {
                queue.send(new WorkMessage.Track(installation));
            }
        }
    }

    /** In a chain walking several data types (single-event mode, diff passes), what follows this job's step. */
    private Optional<DiffPassSteps.Step> nextStep(Job job) {
        if (!job.chain().single() || job.id().reverse()) {
            return Optional.empty();
        }
        if (job.id().pass() > 1) {
            return DiffPassSteps.next(plan, DiffPassSteps.of(plan, job));
        }
        return plan.next(job.dataType()).map(d -> new DiffPassSteps.Step(d, dev.ferry.domain.sync.ChangePhase.CHANGES));
    }

    private boolean finishWithLastPage(InstallationId installation, Job job, String owner, ChainProgress progress,
                                       JobStatus to) {
        boolean finished = store.finishWithLastPage(installation, job.id(), owner, progress.storedPages,
                progress.cursor, progress.lastPageRows, to, clock.instant());
        if (finished) {
            failpoints.hit(Failpoint.AFTER_CURSOR_SAVED);
        }
        return finished;
    }

    private Instant leaseEnd(Instant now, LongSupplier remainingMillis) {
        return now.plusMillis(Math.max(0, remainingMillis.getAsLong()) + settings.leaseSlackMillis());
    }
}
