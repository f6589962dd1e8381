package dev.ferry.app;

import dev.ferry.domain.job.ChainId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.sync.ChangeCursor;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An installation's runs, read from its job rows alone, so every tracker and worker derives the same
 * answers without storing them anywhere else: the one place that answers the lifecycle's questions —
 * which pass and reverse run are current, a run's chains and live jobs, when it began, whether all its
 * chains are DONE or one FAILED, whether it moved everything in a single run, when the next pass may
 * start and where its steps start.
 *
 * <p><b>Pass 1</b> copies everything through the data endpoint: one chain per data type in fan-out mode,
 * one chain walking every data type in single-event mode. <b>Pass {@code n > 1}</b> is one chain of
 * steps ({@link DiffPassSteps}). A <b>reverse run</b> has one chain per data type.
 */
public final class Runs {
    private final MigrationPlan plan;
    private final List<Job> jobs;

    private Runs(MigrationPlan plan, List<Job> jobs) {
        this.plan = plan;
        this.jobs = List.copyOf(jobs);
    }

    /** @param jobs every job row of one installation */
    public static Runs of(MigrationPlan plan, List<Job> jobs) {
        return new Runs(plan, jobs);
    }

    /** The newest forward pass with jobs, or 1 when there are none. */
    public int currentPass() {
        return jobs.stream().filter(j -> !j.id().reverse()).mapToInt(j -> j.id().pass()).max().orElse(1);
    }

    /** The newest reverse run with jobs, or 0 when there has been none. */
    public int currentReverse() {
        return jobs.stream().filter(j -> j.id().reverse()).mapToInt(j -> j.id().pass()).max().orElse(0);
    }

    /** Forward pass {@code number} (from 1). */
    public Run pass(int number) {
        return run(number, false);
    }

    /** Reverse run {@code number} (from 1). */
    public Run reverse(int number) {
        return run(number, true);
    }

    /** The current forward pass. */
    public Run currentPassRun() {
        return pass(currentPass());
    }

    /** The current reverse run, if there has been one. */
    public Optional<Run> currentReverseRun() {
        int current = currentReverse();
        return current == 0 ? Optional.empty() : Optional.of(reverse(current));
    }

    /** The newest forward pass whose chains are all DONE, if any. */
    public Optional<Run> lastCompletePass() {
        for (int p = currentPass(); p >= 1; p--) {
            Run run = pass(p);
            if (!run.isEmpty() && run.allDone()) {
                return Optional.of(run);
            }
        }
        return Optional.empty();
    }

    private Run run(int number, boolean reverse) {
        List<Job> of = jobs.stream().filter(j -> j.id().reverse() == reverse && j.id().pass() == number).toList();
        return new Run(number, reverse, chains(number, reverse), of);
    }

    /** The chains of a run, each with the data type its first job moves, in plan order. */
    private Map<ChainId, DataType> chains(int number, boolean reverse) {
        Map<ChainId, DataType> chains = new LinkedHashMap<>();
        if (reverse || (number == 1 && plan.mode() == MigrationMode.FAN_OUT)) {
            plan.dataTypes().forEach(d -> chains.put(new ChainId(d.name(), number, reverse), d));
        } else if (number == 1) {
            chains.put(ChainId.forward(ChainId.SINGLE, 1), plan.dataTypes().get(0));
        } else {
            chains.put(ChainId.forward(ChainId.SINGLE, number), DiffPassSteps.first(plan).dataType());
        }
        return chains;
    }

    /**
     * When pass {@code number} (from 2) may start: once pass {@code number - 1} is DONE, and not before
     * {@code passInterval} after it began. Empty while the previous pass runs.
     */
    public Optional<Instant> nextPassAnchor(int number) {
        Run previous = pass(number - 1);
        if (previous.isEmpty() || !previous.allDone()) {
            return Optional.empty();
        }
        Instant finished = previous.finished().orElseThrow();
        Instant paced = previous.began().orElseThrow().plus(plan.sync().passInterval());
        return Optional.of(finished.isAfter(paced) ? finished : paced);
    }

    /**
     * Where a step of pass {@code number} starts: null (copy everything) in pass 1 or for a data type
     * without a change feed, else the start of the step's feed, its window opening {@code overlap} before
     * the previous pass began.
     */
    public Cursor startCursor(int number, DiffPassSteps.Step step) {
        if (number == 1 || !step.dataType().hasChangeFeed()) {
            return null;
        }
        Instant previousBegan = pass(number - 1).began().orElseThrow();
        LocalDateTime from = utc(previousBegan.minus(plan.sync().overlap()));
        return ChangeCursor.start(from, null).startOf(step.phase()).toCursor();
    }

    /** UTC wall time to the millisecond, rounded down: the precision of {@code DATETIME(3)}. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
