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
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The seed's job checker, for an installation IN_PROGRESS. For the live job of every chain: starts
 * chains that have none; re-sends PENDING jobs whose message was lost; fails jobs whose worker
 * vanished (lease expired) and restarts FAILED ones from their last cursor, up to a bounded number of
 * restarts; and when every chain is DONE, tells the remote, then marks the installation DONE (in
 * that order, so a crash in between only repeats the idempotent remote call).
 */
public final class CheckJobs {
    private final MigrationPlan plan;
    private final JobStore store;
    private final RemoteStatus remote;
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
        this.launcher = new JobLauncher(store, queue, clock);
        this.clock = clock;
        this.settings = settings;
        this.failpoints = failpoints;
    }

    /** What one check did. */
    public record Result(int started, int redispatched, int restarted, int running, int gaveUp, boolean completed) {
    }

    public Result check(InstallationId installation) {
        Map<String, Job> latest = JobLatest.byChain(store.jobs(installation));
        Instant now = clock.instant();
        int started = 0;
        int redispatched = 0;
        int restarted = 0;
        int running = 0;
        int gaveUp = 0;
        int done = 0;
        for (Map.Entry<String, DataType> chain : Chains.of(plan).entrySet()) {
            Job job = latest.get(chain.getKey());
            if (job == null) {
                launcher.launch(installation, dev.ferry.domain.job.JobId.first(chain.getKey()),
                        chain.getValue().name(), null, 0, 0, 0);
                started++;
                continue;
            }
            switch (job.status()) {
                case DONE -> done++;
                case PENDING -> {
                    if (job.attempts() >= settings.maxRestarts()) {
                        gaveUp++;
                    } else if (store.markRedispatched(installation, job.id(), now.minus(settings.redispatchAfter()), now)) {
                        launcher.send(installation, job);
                        redispatched++;
                    } else {
                        running++;
                    }
                }
                case IN_PROGRESS -> {
                    if (job.heldAt(now)) {
                        running++;
                    } else if (store.failExpired(installation, job.id(),
                            new JobError(ErrorCode.LEASE_EXPIRED, "worker stopped without handing over"), now)) {
                        if (restart(installation, job, job.attempts() + 1)) {
                            restarted++;
                        } else {
                            gaveUp++;
                        }
                    }
                }
                case FAILED, CONTINUED -> {
                    if (restart(installation, job, job.attempts())) {
                        restarted++;
                    } else {
                        gaveUp++;
                    }
                }
            }
        }
        boolean completed = done == Chains.of(plan).size();
        if (completed) {
            remote.set(installation, InstallationStatus.DONE);
            store.moveTracking(installation, InstallationStatus.IN_PROGRESS, InstallationStatus.DONE, clock.instant());
        }
        return new Result(started, redispatched, restarted, running, gaveUp, completed);
    }

    /**
     * Starts the next job of the chain from the job's last committed cursor. A CONTINUED job whose
     * continuation is missing (lost between the two steps) is resumed the same way.
     */
    private boolean restart(InstallationId installation, Job job, int attempts) {
        if (job.status() != JobStatus.CONTINUED && attempts >= settings.maxRestarts()) {
            return false;
        }
        Job next = launcher.record(installation, job.id().next(), job.dataType(), job.cursor(), job.pages(),
                job.rowsCopied(), attempts);
        failpoints.hit(Failpoint.CHECKER_MID_RESTART);
        launcher.send(installation, next);
        return true;
    }
}
