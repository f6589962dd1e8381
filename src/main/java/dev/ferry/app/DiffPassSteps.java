package dev.ferry.app;

import dev.ferry.domain.job.Job;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of a diff pass (pass 2 onwards), from the plan alone. First the changes of every data type,
 * children before parents (reverse plan order): a child row read then refers to a parent that existed
 * when it was read, and the parent's later step copies it (its change feed has no upper bound, so a
 * parent changed meanwhile is read in its newest state). Then the deletions, parents before children
 * (plan order): a child is deleted at the source before its parent, so by the time a parent's
 * tombstone is read, its children's tombstones are readable too. So no pass ends with a child whose
 * parent is missing, where the plan orders parents first. A data type without a change feed is copied
 * in full in its changes step.
 */
public final class DiffPassSteps {
    private DiffPassSteps() {
    }

    /** One step of a diff pass. */
    public record Step(DataType dataType, ChangePhase phase) {
    }

    /** The steps of a diff pass, in order. */
    public static List<Step> of(MigrationPlan plan) {
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

    /** The first step of a diff pass. */
    public static Step first(MigrationPlan plan) {
        return of(plan).get(0);
    }

    /** The step a diff-pass job is on: its data type, and its cursor's phase (a full copy is a changes step). */
    public static Step of(MigrationPlan plan, Job job) {
        DataType type = plan.requireDataType(job.dataType());
        ChangePhase phase = type.hasChangeFeed() && job.cursor() != null
                ? ChangeCursor.of(type, job.cursor()).phase() : ChangePhase.CHANGES;
        return new Step(type, phase);
    }

    /** The step after {@code step}, if any. */
    public static Optional<Step> next(MigrationPlan plan, Step step) {
        List<Step> steps = of(plan);
        int at = steps.indexOf(step);
        return at >= 0 && at + 1 < steps.size() ? Optional.of(steps.get(at + 1)) : Optional.empty();
    }
}
