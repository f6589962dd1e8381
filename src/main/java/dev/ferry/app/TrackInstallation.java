package dev.ferry.app;

import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The seed's state tracker for one installation. First the destination's own tracking row, which
 * short-circuits without calling the remote: DONE stops, IN_PROGRESS runs the job checker. Otherwise
 * the remote's status decides: PENDING waits, DONE is mirrored, READY starts the migration (schema
 * first, then the remote is told IN_PROGRESS, then the tracking row, then the jobs — a crash after
 * the tracking row moved is healed by the checker, which starts missing chains), IN_PROGRESS (set
 * elsewhere) joins in through the checker. A tracked installation an operator paused is left alone.
 */
public final class TrackInstallation {
    private final MigrationPlan plan;
    private final JobStore store;
    private final RemoteStatus remote;
    private final SchemaMigrator schema;
    private final CheckJobs checker;
    private final Clock clock;
    private final Failpoints failpoints;

    /**
     * How long a status-report claim holds: past the remote client's own retries of one call, so a live
     * holder keeps it, and short enough that a vanished holder delays the transition only that long.
     */
    static final java.time.Duration STATUS_REPORT_CLAIM = java.time.Duration.ofMinutes(5);

    /** Built by {@link FerryCore} (and tests of this package) from the core's ports. */
    TrackInstallation(MigrationPlan plan, FerryCore.Ports ports, CheckJobs checker) {
        this.plan = plan;
        this.store = ports.store();
        this.remote = ports.status();
        this.schema = ports.schema();
        this.checker = checker;
        this.clock = ports.clock();
        this.failpoints = ports.failpoints();
    }

    /** What the tracker saw and did. */
    public enum Outcome {
        ALREADY_DONE, CHECKED, COMPLETED, STARTED, WAITING, MIRRORED_DONE, UNKNOWN_REMOTE_STATUS, PAUSED
    }

    public Outcome track(InstallationId installation) {
        Optional<InstallationStatus> local = store.trackingStatus(installation);
        if (local.isPresent() && local.get() == InstallationStatus.DONE) {
            if (checker.watchesAfterDone(installation)) {
                if (store.controls(installation).paused()) {
                    return Outcome.PAUSED;
                }
                checker.check(installation);
                return Outcome.CHECKED;
            }
            return Outcome.ALREADY_DONE;
        }
        if (local.isPresent() && store.controls(installation).paused()) {
            return Outcome.PAUSED; // an operator's pause: neither the remote nor the checker is asked anything
        }
        if (local.isPresent() && local.get() == InstallationStatus.IN_PROGRESS) {
            return check(installation);
        }
        Optional<InstallationStatus> remoteStatus = remote.migrationStatus(installation);
        if (remoteStatus.isEmpty()) {
            return Outcome.UNKNOWN_REMOTE_STATUS;
        }
        return switch (remoteStatus.get()) {
            case PENDING -> {
                if (local.isEmpty()) {
                    schema.migrate(installation, java.util.List.of());
                    store.initTracking(installation, InstallationStatus.PENDING, clock.instant());
                }
                yield Outcome.WAITING;
            }
            case DONE -> {
                prepare(installation, local);
                moveTo(installation, InstallationStatus.DONE);
                yield Outcome.MIRRORED_DONE;
            }
            case READY -> {
                prepare(installation, local);
                // One tracker reports the start (the claim), and only while the tracking row is still READY:
                // a second delivery of the same tick, or an overlapping tick, neither repeats the PUT nor races it.
                if (!reportStatus(installation, InstallationStatus.IN_PROGRESS)) {
                    yield Outcome.WAITING;
                }
                failpoints.hit(Failpoint.TRACKER_AFTER_IN_PROGRESS);
                checker.check(installation);
                yield Outcome.STARTED;
            }
            case IN_PROGRESS -> {
                prepare(installation, local);
                moveTo(installation, InstallationStatus.IN_PROGRESS);
                yield check(installation);
            }
        };
    }

    /** An operator's retry of the installation's FAILED chains (see {@link CheckJobs#retryFailed}); how many restarted. */
    public int retryFailed(InstallationId installation) {
        return checker.retryFailed(installation);
    }

    /** An operator's pause (see {@link CheckJobs#pause}): whether this call paused it. */
    public boolean pause(InstallationId installation) {
        return checker.pause(installation);
    }

    /** An operator's resume (see {@link CheckJobs#resume}): how many jobs were sent. */
    public int resume(InstallationId installation) {
        return checker.resume(installation);
    }

    private Outcome check(InstallationId installation) {
        return checker.check(installation).completed() ? Outcome.COMPLETED : Outcome.CHECKED;
    }

    /** Database, state tables and the app's DDL before any data; then the tracking row (as READY). */
    private void prepare(InstallationId installation, Optional<InstallationStatus> local) {
        schema.migrate(installation, plan.schema());
        if (local.isEmpty()) {
            store.initTracking(installation, InstallationStatus.READY, clock.instant());
        }
    }

    /**
     * Tells the remote {@code to}, then moves the tracking row there — the remote first, so a crash in between
     * leads the next tick into the IN_PROGRESS branch (the remote says so), while one after the row moved
     * would only be healed by the checker, which never calls the remote's status again. Done under the
     * status-report claim and only while the row can still move there (absent counts as READY): false when
     * another tracker holds the claim; true when the transition is made, by this call or before it.
     */
    private boolean reportStatus(InstallationId installation, InstallationStatus to) {
        String owner = java.util.UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!store.claimStatusReport(installation, owner, now.plus(STATUS_REPORT_CLAIM), now)) {
            return false;
        }
        try {
            InstallationStatus current = store.trackingStatus(installation).orElse(InstallationStatus.READY);
            if (current != to && current.canMoveTo(to)) {
                remote.reportMigrationStatus(installation, to);
                moveTo(installation, to);
            }
            return true;
        } finally {
            store.releaseStatusReport(installation, owner);
        }
    }

    private void moveTo(InstallationId installation, InstallationStatus target) {
        InstallationStatus current = store.trackingStatus(installation).orElse(InstallationStatus.READY);
        if (current != target && current.canMoveTo(target)) {
            store.moveTracking(installation, current, target, clock.instant());
        }
    }
}
