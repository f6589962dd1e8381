package dev.ferry.app;

import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The passes of an installation, read from its job rows alone, so every tracker and worker derives the
 * same answers without storing them anywhere else.
 *
 * <p><b>Pass 1</b> copies everything through the data endpoint, one chain per data type in fan-out mode.
 *
 * <p><b>Pass {@code n > 1}</b> is one chain of steps. First the changes of every data type, children
 * before parents (reverse plan order): a child row read then refers to a parent that existed when it
 * was read, and the parent's later step copies it (its change feed has no upper bound, so a parent
 * changed meanwhile is read in its newest state). Then the deletions, parents before children (plan
 * order): a child is deleted at the source before its parent, so by the time a parent's tombstone is
 * read, its children's tombstones are readable too. So no pass ends with a child whose parent is
 * missing, where the plan orders parents first. A data type without a change feed is copied in full in
 * its changes step. Every step's window starts {@code overlap} before pass {@code n - 1} began; pass
 * {@code n} may start once pass {@code n - 1} is DONE and {@code passInterval} after it began.
 */
final class Passes {
    private Passes() {
    }

    /** One step of a diff pass. */
    record Step(DataType dataType, ChangePhase phase) {
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

    /** The steps of a diff pass, in order. */
    static List<Step> steps(MigrationPlan plan) {
        List<Step> steps = new ArrayList<>();
        List<DataType> types = plan.dataTypes();
        for (int i = types.size() - 1; i >= 0; i--) {
            steps.add(new Step(types.get(i), ChangePhase.CHANGES));
        }
        for (DataType d : types) {
            if (d.hasChangeFeed() && d.changeFeed().deletions()) {
                steps.add(new Step(d, ChangePhase.DELETIONS));
            }
        }
        return steps;
    }

    /** The step a diff-pass job is on: its data type, and its cursor's phase (a full copy is a changes step). */
    static Step stepOf(MigrationPlan plan, Job job) {
        DataType type = plan.requireDataType(job.dataType());
        ChangePhase phase = type.hasChangeFeed() && job.cursor() != null
                ? ChangeCursor.of(type, job.cursor()).phase() : ChangePhase.CHANGES;
        return new Step(type, phase);
    }

    /** The step after {@code step}, if any. */
    static Optional<Step> next(MigrationPlan plan, Step step) {
        List<Step> steps = steps(plan);
        int at = steps.indexOf(step);
        return at >= 0 && at + 1 < steps.size() ? Optional.of(steps.get(at + 1)) : Optional.empty();
    }

    /**
     * Whether the pass moved all data of all types within a single run: every step of the diff pass
     * took one job (no budget continuation, no restart).
     */
    static boolean singleRun(MigrationPlan plan, List<Job> passJobs) {
        return passJobs.size() == steps(plan).size()
                && passJobs.stream().allMatch(j -> j.status() == JobStatus.DONE || j.status() == JobStatus.CONTINUED);
    }

    /** When pass {@code pass} (from 2) may start; empty while pass {@code pass - 1} runs. */
    static Optional<Instant> anchor(MigrationPlan plan, List<Job> jobs, int pass) {
        List<Job> previous = of(jobs, pass - 1, false);
        if (previous.isEmpty() || !JobLatest.byChain(previous).values().stream().allMatch(j -> j.status() == JobStatus.DONE)) {
            return Optional.empty();
        }
        Instant finished = previous.stream().map(Job::finishedAt).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElseThrow();
        Instant paced = began(previous).plus(plan.sync().passInterval());
        return Optional.of(finished.isAfter(paced) ? finished : paced);
    }

    /**
     * The cursor a step of pass {@code pass} starts from: null (copy everything) in pass 1 or for a data
     * type without a change feed, else the start of the step's feed from the pass's window.
     */
    static Cursor startCursor(MigrationPlan plan, List<Job> jobs, int pass, Step step) {
        if (pass == 1 || !step.dataType().hasChangeFeed()) {
            return null;
        }
        Instant previousBegan = began(of(jobs, pass - 1, false));
        LocalDateTime from = utc(previousBegan.minus(plan.sync().overlap()));
        return ChangeCursor.start(from, null).startOf(step.phase()).toCursor();
    }

    /** The first step of a diff pass. */
    static Step firstStep(MigrationPlan plan) {
        return steps(plan).get(0);
    }

    private static Instant began(List<Job> passJobs) {
        return passJobs.stream().map(Job::createdAt).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** UTC wall time to the millisecond, rounded down: the precision of {@code DATETIME(3)}. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
