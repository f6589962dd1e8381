package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Switching an installation's primary, and the reverse sync that makes a way back possible.
 *
 * <ul>
 *   <li>{@link #switchTo}: records which side is primary. To the destination only once the installation
 *   is DONE (its data moved within a single run) and, after a rollback, once a pass begun since then
 *   moved everything within a single run again; back to the source only once a reverse sync begun
 *   after the cutover has finished, so the source holds everything written to the destination
 *   meanwhile. Idempotent: switching to the side that is already primary changes nothing.</li>
 *   <li>{@link #startReverseSync}: after the cutover, starts one chain per data type that copies the
 *   installation's database back to the source through the remote's write endpoint, with the same
 *   engine as the forward copy (budget, cursors, leases, continuations, checker restarts).</li>
 * </ul>
 * Refusals are permanent FerryExceptions (CUTOVER_REFUSED) that change nothing.
 */
public final class Cutover {
    private final MigrationPlan plan;
    private final JobStore store;
    private final JobLauncher launcher;
    private final Clock clock;

    public Cutover(MigrationPlan plan, JobStore store, WorkQueue queue, Clock clock) {
        this.plan = plan;
        this.store = store;
        this.launcher = new JobLauncher(store, queue, clock);
        this.clock = clock;
    }

    /** @return whether this call changed the primary (false: it was {@code to} already) */
    public boolean switchTo(InstallationId installation, Primary to) {
        Primary current = store.primary(installation);
        if (current == to) {
            return false;
        }
        if (to == Primary.DESTINATION && store.trackingStatus(installation).orElse(null) != InstallationStatus.DONE) {
            throw refused(installation + " is not DONE: its data has not yet moved within a single run");
        }
        java.util.Optional<java.time.Instant> lastCutover = store.cutoverAt(installation);
        if (to == Primary.DESTINATION && lastCutover.isPresent() && !caughtUpSince(installation, lastCutover.get())) {
            throw refused(installation + " was rolled back: no pass since then has moved its changes within a single run");
        }
        if (to == Primary.SOURCE && !reverseSyncFinished(installation)) {
            throw refused(installation + " has no finished reverse sync since its cutover: the source would miss "
                    + "what was written to the destination");
        }
        return store.recordCutover(installation, current, to, clock.instant());
    }

    /**
     * Starts the next reverse sync run unless one is running (a run with a FAILED chain counts as
     * stopped, so a rollback is never blocked by a run that gave up). Returns the run number.
     */
    public int startReverseSync(InstallationId installation) {
        if (store.primary(installation) != Primary.DESTINATION) {
            throw refused(installation + ": a reverse sync needs the destination as primary (record the cutover first)");
        }
        List<Job> jobs = store.jobs(installation);
        int current = Passes.currentReverse(jobs);
        if (current > 0 && !finished(jobs, current) && !gaveUp(jobs, current)) {
            return current;
        }
        int run = current + 1;
        for (Map.Entry<String, DataType> chain : Chains.perDataType(plan).entrySet()) {
            launcher.launch(installation, JobId.first(JobId.chain(chain.getKey(), run, true)), chain.getValue().name(),
                    null, 0, 0, 0);
        }
        return run;
    }

    /** Whether a reverse sync started after the latest cutover and finished. */
    private boolean reverseSyncFinished(InstallationId installation) {
        List<Job> jobs = store.jobs(installation);
        int current = Passes.currentReverse(jobs);
        if (current == 0 || !finished(jobs, current)) {
            return false;
        }
        java.time.Instant began = Passes.of(jobs, current, true).stream().map(Job::createdAt)
                .min(java.util.Comparator.naturalOrder()).orElseThrow();
        return store.cutoverAt(installation).map(at -> !began.isBefore(at)).orElse(false);
    }

    /** After a rollback, the destination is current again once a diff pass begun since then ran in a single run. */
    private boolean caughtUpSince(InstallationId installation, java.time.Instant rollback) {
        List<Job> jobs = store.jobs(installation);
        for (int pass = Passes.current(jobs); pass >= 2; pass--) {
            List<Job> ofPass = Passes.of(jobs, pass, false);
            java.time.Instant began = ofPass.stream().map(Job::createdAt).min(java.util.Comparator.naturalOrder())
                    .orElse(java.time.Instant.MIN);
            if (began.isBefore(rollback)) {
                return false;
            }
            if (Passes.singleRun(plan, ofPass) && JobLatest.byChain(ofPass).values().stream()
                    .allMatch(j -> j.status() == JobStatus.DONE)) {
                return true;
            }
        }
        return false;
    }

    /** A run with a FAILED chain is given up on: the checker no longer restarts it once a newer run exists. */
    private static boolean gaveUp(List<Job> jobs, int run) {
        return JobLatest.byChain(Passes.of(jobs, run, true)).values().stream().anyMatch(j -> j.status() == JobStatus.FAILED);
    }

    private boolean finished(List<Job> jobs, int run) {
        return JobLatest.byChain(Passes.of(jobs, run, true)).values().stream()
                .filter(j -> j.status() == JobStatus.DONE).count() == Chains.perDataType(plan).size();
    }

    private static FerryException refused(String why) {
        return new FerryException(ErrorCode.CUTOVER_REFUSED, why);
    }
}
