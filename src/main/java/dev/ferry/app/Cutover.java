package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

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
        this.launcher = new JobLauncher(store, queue, clock, dev.ferry.domain.fault.Failpoints.NONE);
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
        Optional<Instant> lastCutover = store.cutoverAt(installation);
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
        Runs runs = Runs.of(plan, store.jobs(installation));
        Optional<Run> current = runs.currentReverseRun();
        if (current.isPresent() && !current.get().allDone() && !current.get().anyFailed()) {
            return current.get().number();
        }
        Run next = runs.reverse(runs.currentReverse() + 1);
        next.chains().forEach((chain, dataType) -> launcher.start(installation, chain, dataType, null));
        return next.number();
    }

    /** Whether a reverse sync started after the latest cutover and finished. */
    private boolean reverseSyncFinished(InstallationId installation) {
        Optional<Run> current = Runs.of(plan, store.jobs(installation)).currentReverseRun();
        if (current.isEmpty() || !current.get().allDone()) {
            return false;
        }
        Instant began = current.get().began().orElseThrow();
        return store.cutoverAt(installation).map(at -> !began.isBefore(at)).orElse(false);
    }

    /** After a rollback, the destination is current again once a diff pass begun since then ran in a single run. */
    private boolean caughtUpSince(InstallationId installation, Instant rollback) {
        Runs runs = Runs.of(plan, store.jobs(installation));
        int steps = DiffPassSteps.of(plan).size();
        for (int number = runs.currentPass(); number >= 2; number--) {
            Run pass = runs.pass(number);
            if (pass.began().orElse(Instant.MIN).isBefore(rollback)) {
                return false;
            }
            if (pass.singleRun(steps) && pass.allDone()) {
                return true;
            }
        }
        return false;
    }

    private static FerryException refused(String why) {
        return new FerryException(ErrorCode.CUTOVER_REFUSED, why);
    }
}
