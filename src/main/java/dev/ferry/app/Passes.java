package dev.ferry.app;

import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SyncSettings;
import dev.ferry.domain.sync.ChangeCursor;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The passes of an installation, read from its job rows alone, so every tracker and worker derives the
 * same windows without storing them anywhere else.
 *
 * <p>Pass 1 copies everything through the data endpoint. Pass {@code n > 1} is <em>anchored</em> at
 * the moment pass {@code n - 1} ended (its last job's finish, or {@code passInterval} after it began,
 * whichever is later) and copies, for data types with a change feed, the rows changed in
 * {@code [from, until)}: {@code until} is the anchor minus {@code settle}; {@code from} is where pass
 * {@code n - 1}'s window ended (pass 1: when it began) minus {@code overlap}. Windows overlap and never
 * leave a gap, and every data type of a pass shares one {@code until}: a child row in the window was
 * written before {@code until}, so its parent was too, and the parent's chain copies it in the same pass.
 */
final class Passes {
    private Passes() {
    }

    /** The newest forward pass with jobs, or 1 when there are none. */
    static int current(List<Job> jobs) {
        return jobs.stream().filter(j -> !j.id().reverse()).mapToInt(j -> j.id().pass()).max().orElse(1);
    }

    /** The newest reverse sync run with jobs, or 0 when there has been none. */
    static int currentReverse(List<Job> jobs) {
        return jobs.stream().filter(j -> j.id().reverse()).mapToInt(j -> j.id().pass()).max().orElse(0);
    }

    static List<Job> of(List<Job> jobs, int pass, boolean reverse) {
        return jobs.stream().filter(j -> j.id().reverse() == reverse && j.id().pass() == pass).toList();
    }

    /**
     * Whether the pass moved all data of all types within a single run: it is complete and no data type
     * needed a second job (a budget continuation or a restart).
     */
    static boolean singleRun(MigrationPlan plan, List<Job> passJobs) {
        return passJobs.size() == plan.dataTypes().size() && passJobs.stream().allMatch(j ->
                j.status() == JobStatus.DONE || (j.status() == JobStatus.CONTINUED && j.id().base().equals(JobId.SINGLE_CHAIN)));
    }

    /** When pass {@code pass} (from 2) may start and what it covers; empty while pass {@code pass - 1} runs. */
    static Optional<Instant> anchor(MigrationPlan plan, List<Job> jobs, int pass) {
        List<Job> previous = of(jobs, pass - 1, false);
        if (previous.isEmpty() || previous.stream().anyMatch(j -> j.finishedAt() == null)) {
            return Optional.empty();
        }
        Instant finished = previous.stream().map(Job::finishedAt).max(Comparator.naturalOrder()).orElseThrow();
        Instant began = previous.stream().map(Job::createdAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant paced = began.plus(plan.sync().passInterval());
        return Optional.of(finished.isAfter(paced) ? finished : paced);
    }

    /**
     * The first cursor of {@code dataType} in pass {@code pass}: null (copy everything) in pass 1 or
     * for a data type without a change feed, else the start of the pass's change window.
     */
    static Cursor startCursor(MigrationPlan plan, List<Job> jobs, int pass, DataType dataType) {
        if (pass == 1 || !dataType.hasChangeFeed()) {
            return null;
        }
        return window(plan, jobs, pass).toCursor();
    }

    /** The change window of pass {@code pass} (from 2), as a cursor at its start. */
    static ChangeCursor window(MigrationPlan plan, List<Job> jobs, int pass) {
        SyncSettings sync = plan.sync();
        Instant anchor = anchor(plan, jobs, pass).orElseThrow(() ->
                new IllegalStateException("pass " + (pass - 1) + " has not finished"));
        LocalDateTime until = utc(anchor.minus(sync.settle()));
        LocalDateTime previousEnd;
        if (pass == 2) {
            Instant firstBegan = of(jobs, 1, false).stream().map(Job::createdAt).min(Comparator.naturalOrder())
                    .orElseThrow();
            previousEnd = utc(firstBegan);
        } else {
            previousEnd = of(jobs, pass - 1, false).stream()
                    .map(j -> changeCursor(plan, j))
                    .filter(Objects::nonNull)
                    .map(ChangeCursor::until)
                    .findFirst()
                    .orElseGet(() -> utc(anchor(plan, jobs, pass - 1).orElseThrow().minus(sync.settle())));
        }
        return ChangeCursor.start(previousEnd.minus(sync.overlap()), until);
    }

    private static ChangeCursor changeCursor(MigrationPlan plan, Job job) {
        Optional<DataType> type = plan.dataType(job.dataType());
        if (job.cursor() == null || type.isEmpty() || !type.get().hasChangeFeed()) {
            return null;
        }
        return ChangeCursor.of(type.get(), job.cursor());
    }

    /** UTC wall time to the millisecond, rounded down: the precision of {@code DATETIME(3)}. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
