package dev.ferry.testing;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.Controls;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.JobTransition;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A JobStore in memory with the same compare-and-set semantics as the MySQL one. Thread-safe. */
public final class InMemoryJobStore implements JobStore {
    private final Map<InstallationId, InstallationStatus> tracking = new ConcurrentHashMap<>();
    private final Map<InstallationId, dev.ferry.domain.job.Lease> reportClaims = new ConcurrentHashMap<>();
    private final Map<InstallationId, Primary> primaries = new ConcurrentHashMap<>();
    private final Map<InstallationId, Instant> cutovers = new ConcurrentHashMap<>();
    private final Map<InstallationId, Instant> paused = new ConcurrentHashMap<>();
    private final Map<InstallationId, String> plans = new java.util.HashMap<>();
    private final Map<InstallationId, Map<JobId, Job>> jobs = new ConcurrentHashMap<>();

    private Map<JobId, Job> of(InstallationId installation) {
        return jobs.computeIfAbsent(installation, k -> new ConcurrentHashMap<>());
    }

    @Override
    public synchronized Optional<InstallationStatus> trackingStatus(InstallationId installation) {
        return Optional.ofNullable(tracking.get(installation));
    }

    @Override
    public synchronized boolean initTracking(InstallationId installation, InstallationStatus status, Instant now) {
        return tracking.putIfAbsent(installation, status) == null;
    }

    @Override
    public synchronized boolean moveTracking(InstallationId installation, InstallationStatus from,
                                             InstallationStatus to, Instant now) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("forbidden move " + from + " -> " + to);
        }
        return tracking.replace(installation, from, to);
    }

    @Override
    public synchronized boolean claimStatusReport(InstallationId installation, String owner, Instant until, Instant now) {
        if (!tracking.containsKey(installation)) {
            return false;
        }
        dev.ferry.domain.job.Lease held = reportClaims.get(installation);
        if (held != null && !held.owner().equals(owner) && held.expiresAt().isAfter(now)) {
            return false;
        }
        reportClaims.put(installation, new dev.ferry.domain.job.Lease(owner, until));
        return true;
    }

    @Override
    public synchronized void releaseStatusReport(InstallationId installation, String owner) {
        dev.ferry.domain.job.Lease held = reportClaims.get(installation);
        if (held != null && held.owner().equals(owner)) {
            reportClaims.remove(installation);
        }
    }

    @Override
    public synchronized Controls controls(InstallationId installation) {
        return new Controls(primaries.getOrDefault(installation, Primary.SOURCE), cutovers.get(installation),
                paused.get(installation), plans.get(installation));
    }

    @Override
    public synchronized boolean recordPlan(InstallationId installation, String seen, String fingerprint, Instant now) {
        if (!java.util.Objects.equals(plans.get(installation), seen)) {
            return false;
        }
        plans.put(installation, fingerprint);
        return true;
    }

    @Override
    public synchronized boolean setPaused(InstallationId installation, boolean pause, Instant now) {
        if (pause == paused.containsKey(installation)) {
            return false;
        }
        if (pause) {
            paused.put(installation, now);
        } else {
            paused.remove(installation);
        }
        return true;
    }

    @Override
    public synchronized boolean recordCutover(InstallationId installation, Primary from, Primary to, Instant now) {
        if (controls(installation).primary() != from) {
            return false;
        }
        primaries.put(installation, to);
        cutovers.put(installation, now);
        return true;
    }

    @Override
    public synchronized List<Job> jobs(InstallationId installation) {
        return new ArrayList<>(of(installation).values());
    }

    @Override
    public synchronized Optional<Job> job(InstallationId installation, JobId id) {
        return Optional.ofNullable(of(installation).get(id));
    }

    @Override
    public synchronized boolean insertJob(InstallationId installation, Job job) {
        return of(installation).putIfAbsent(job.id(), job) == null;
    }

    @Override
    public synchronized boolean insertContinuation(InstallationId installation, JobId predecessor, String owner,
                                                   long expectedPages, Job next) {
        Job held = held(installation, predecessor, owner, JobTransition.CONTINUE);
        if (held == null || held.pages() != expectedPages) {
            return false;
        }
        return of(installation).putIfAbsent(next.id(), Job.pending(next.id(), next.dataType(), next.cursor(),
                next.pages(), next.rowsCopied(), next.attempts(), next.createdAt()).withLoopMark(next.loopMark())) == null;
    }

    @Override
    public synchronized Optional<Job> claim(InstallationId installation, JobId id, Lease lease, Instant now) {
        Job job = of(installation).get(id);
        if (job == null) {
            return Optional.empty();
        }
        // JobTransition.CLAIM: from PENDING once due, or from IN_PROGRESS once the lease expired
        boolean free = JobTransition.CLAIM.appliesTo(job.status())
                && (job.status() == JobStatus.PENDING ? !job.waitingAt(now) : job.lease() == null || job.lease().expiredAt(now));
        if (!free) {
            return Optional.empty();
        }
        Job claimed = with(job, JobTransition.CLAIM.to(), job.cursor(), job.pages(), job.rowsCopied(), job.attempts(),
                job.lastError(), lease, now, null).withRetry(job.attempts(), job.failingSince(), job.nextAttemptAt());
        of(installation).put(id, claimed);
        return Optional.of(claimed);
    }

    @Override
    public synchronized boolean saveProgress(InstallationId installation, JobId id, String owner, long expectedPages,
                                             Cursor cursor, long rowsAdded, LoopMark loopMark, Instant leaseUntil,
                                             Instant now) {
        Job job = held(installation, id, owner, JobTransition.SAVE_PROGRESS);
        if (job == null || job.pages() != expectedPages) {
            return false;
        }
        of(installation).put(id, with(job, JobTransition.SAVE_PROGRESS.to(), cursor, job.pages() + 1, job.rowsCopied() + rowsAdded,
                0, job.lastError(), new Lease(owner, leaseUntil), now, null).withLoopMark(loopMark));
        return true;
    }

    @Override
    public synchronized boolean finish(InstallationId installation, JobId id, String owner, JobStatus to, Instant now) {
        Job job = held(installation, id, owner, JobTransition.ending(to));
        if (job == null) {
            return false;
        }
        of(installation).put(id, with(job, to, job.cursor(), job.pages(), job.rowsCopied(), job.attempts(),
                job.lastError(), null, now, now).withRetry(job.attempts(), job.failingSince(), job.nextAttemptAt()));
        return true;
    }

    @Override
    public synchronized boolean finishWithLastPage(InstallationId installation, JobId id, String owner,
                                                   long expectedPages, Cursor cursor, long rowsAdded, JobStatus to,
                                                   Instant now) {
        Job job = held(installation, id, owner, JobTransition.ending(to));
        if (job == null || job.pages() != expectedPages) {
            return false;
        }
        of(installation).put(id, with(job, to, cursor, job.pages() + 1, job.rowsCopied() + rowsAdded, 0,
                job.lastError(), null, now, now));
        return true;
    }

    @Override
    public synchronized boolean release(InstallationId installation, JobId id, String owner, JobError error,
                                        Instant failingSince, Instant nextAttemptAt, Instant now) {
        Job job = held(installation, id, owner, JobTransition.RELEASE);
        if (job == null) {
            return false;
        }
        of(installation).put(id, with(job, JobTransition.RELEASE.to(), job.cursor(), job.pages(), job.rowsCopied(),
                job.attempts() + 1, error, null, now, null).withRetry(job.attempts() + 1, failingSince, nextAttemptAt));
        return true;
    }

    @Override
    public synchronized boolean fail(InstallationId installation, JobId id, String owner, JobError error, Instant now) {
        Job job = held(installation, id, owner, JobTransition.FAIL);
        if (job == null) {
            return false;
        }
        of(installation).put(id, with(job, JobTransition.FAIL.to(), job.cursor(), job.pages(), job.rowsCopied(),
                job.attempts() + 1, error, null, now, now).withRetry(job.attempts() + 1, job.failingSince(),
                job.nextAttemptAt()));
        return true;
    }

    @Override
    public synchronized boolean failExpired(InstallationId installation, JobId id, JobError error, Instant now) {
        Job job = of(installation).get(id);
        if (job == null || !JobTransition.FAIL_EXPIRED.appliesTo(job.status())
                || (job.lease() != null && !job.lease().expiredAt(now))) {
            return false;
        }
        of(installation).put(id, with(job, JobTransition.FAIL_EXPIRED.to(), job.cursor(), job.pages(), job.rowsCopied(),
                job.attempts() + 1, error, null, now, now).withRetry(job.attempts() + 1, job.failingSince(),
                job.nextAttemptAt()));
        return true;
    }

    @Override
    public synchronized boolean markRedispatched(InstallationId installation, JobId id, Instant staleBefore, Instant now) {
        Job job = of(installation).get(id);
        if (job == null || !JobTransition.REDISPATCH.appliesTo(job.status()) || !job.updatedAt().isBefore(staleBefore)
                || (job.nextAttemptAt() != null && !job.nextAttemptAt().isBefore(staleBefore))) {
            return false;
        }
        of(installation).put(id, with(job, JobTransition.REDISPATCH.to(), job.cursor(), job.pages(), job.rowsCopied(),
                job.attempts(), job.lastError(), null, now, null).withRetry(job.attempts(), job.failingSince(),
                job.nextAttemptAt()));
        return true;
    }

    /** The job if {@code owner} holds it and it may take {@code transition}; else null. */
    private Job held(InstallationId installation, JobId id, String owner, JobTransition transition) {
        Job job = of(installation).get(id);
        if (job == null || !transition.appliesTo(job.status()) || job.lease() == null
                || !job.lease().owner().equals(owner)) {
            return null;
        }
        return job;
    }

    /** The job with these fields changed; its failure state cleared (callers keep it with withRetry) and its loop mark kept. */
    private static Job with(Job j, JobStatus status, Cursor cursor, long pages, long rows, int attempts, JobError error,
                            Lease lease, Instant now, Instant finishedAt) {
        return new Job(j.id(), j.dataType(), status, cursor, pages, rows, attempts, error, lease, j.createdAt(), now,
                finishedAt, null, null, j.loopMark());
    }
}
