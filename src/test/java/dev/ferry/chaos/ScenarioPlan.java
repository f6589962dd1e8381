package dev.ferry.chaos;

import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What a scenario's dice decided up front, from its seed alone: the data, the plan's tuning, and how
 * often each kind of fault strikes. Every scenario arms every kind of fault, at rates of its own.
 */
final class ScenarioPlan {
    final long seed;
    final int number;
    final MigrationMode mode;
    final List<InstallationSpec> installations;
    final Map<String, Integer> pageSizes;
    final int rowsPerStatement;
    final int pagesPerInvocation;
    final int installationsPerListing;
    final int batchSize;
    final int tickEvery;
    final int corruptedMessages;
    final Map<Failpoint, Double> failpointRates = new EnumMap<>(Failpoint.class);
    /** Share of worker failpoint firings that pause the worker (its message's visibility expires) instead of crashing it. */
    final double pauseShare;
    /** Share of paused workers whose lease also runs out, so another worker takes the job over. */
    final double takeoverShare;
    /** Share of {@link Failpoint#MID_STATEMENT_DISCONNECT} firings that kill the connection instead of crashing. */
    final double killShare;
    final double dbFaultRate;
    final double queueFaultRate;
    final double remoteFaultRate;
    final double shuffleRate;
    final double parallelRate;
    final double deferRate;
    final double duplicateRate;
    final double twiceAtOnceRate;

    private ScenarioPlan(long seed, int number) {
        this.seed = seed;
        this.number = number;
        Random dice = new Random(seed);
        mode = dice.nextInt(4) == 0 ? MigrationMode.SINGLE_EVENT : MigrationMode.FAN_OUT;
        installations = List.of(installation(dice, "a"), installation(dice, "b"));
        pageSizes = new LinkedHashMap<>();
        pageSizes.put("projects", between(dice, 2, 6));
        pageSizes.put("issues", between(dice, 3, 9));
        pageSizes.put("attachments", between(dice, 1, 4));
        pageSizes.put("issue_watchers", between(dice, 3, 10));
        rowsPerStatement = between(dice, 2, 4);
        pagesPerInvocation = between(dice, 1, 4);
        installationsPerListing = between(dice, 1, 2);
        batchSize = between(dice, 1, 4);
        tickEvery = between(dice, 12, 30);
        corruptedMessages = between(dice, 0, 2);
        for (Failpoint point : Failpoint.values()) {
            failpointRates.put(point, switch (point) {
                case AFTER_PAGE_FETCHED, AFTER_ROWS_WRITTEN, AFTER_CURSOR_SAVED -> rate(dice, 0.02, 0.10);
                case WHILE_SENDING_CONTINUATION, READ_AHEAD_DISCARDED, WRITTEN_AHEAD_DROPPED -> rate(dice, 0.05, 0.20);
                case MID_STATEMENT_DISCONNECT -> rate(dice, 0.03, 0.12);
                case TRACKER_AFTER_IN_PROGRESS, CHECKER_MID_RESTART -> rate(dice, 0.10, 0.40);
            });
        }
        pauseShare = rate(dice, 0.2, 0.6);
        takeoverShare = rate(dice, 0.3, 0.7);
        killShare = rate(dice, 0.3, 0.7);
        dbFaultRate = rate(dice, 0.002, 0.012);
        queueFaultRate = rate(dice, 0.01, 0.05);
        remoteFaultRate = rate(dice, 0.02, 0.10);
        shuffleRate = rate(dice, 0.3, 0.8);
        parallelRate = rate(dice, 0.1, 0.5);
        deferRate = rate(dice, 0.02, 0.10);
        duplicateRate = rate(dice, 0.02, 0.10);
        twiceAtOnceRate = rate(dice, 0.02, 0.08);
    }

    static ScenarioPlan of(long seed, int number) {
        return new ScenarioPlan(seed, number);
    }

    /** Tens of rows of each data type; issues need a project, attachments an issue. */
    private InstallationSpec installation(Random dice, String suffix) {
        int projects = between(dice, 1, 8);
        int issues = between(dice, 1, 20);
        return new InstallationSpec(String.format("s%04d%s", number, suffix), projects, issues,
                between(dice, 0, 6), between(dice, 0, 20));
    }

    /** The bundled plan with this scenario's mode and page sizes. */
    MigrationPlan migrationPlan(MigrationPlan base) {
        List<DataType> types = base.dataTypes().stream()
                .map(t -> new DataType(t.name(), t.remotePath(), t.table(), t.columns(), t.primaryKey(),
                        pageSizes.getOrDefault(t.name(), t.pageSize()), t.order()))
                .toList();
        return new MigrationPlan(base.name(), mode, types, base.schema());
    }

    SampleDataSet dataSet() {
        return new SampleDataSet(seed, installations);
    }

    List<InstallationId> installationIds() {
        return installations.stream().map(i -> InstallationId.of(i.installationId())).toList();
    }

    String describe() {
        return "seed=" + seed + " mode=" + mode + " rows=" + installations.stream()
                .map(i -> i.installationId() + ":" + i.projects() + "/" + i.issues() + "/" + i.attachments() + "/" + i.watchers())
                .collect(Collectors.joining(",")) + " pages=" + pageSizes + " rowsPerStatement=" + rowsPerStatement
                + " pagesPerInvocation=" + pagesPerInvocation;
    }

    private static int between(Random dice, int min, int max) {
        return min + dice.nextInt(max - min + 1);
    }

    private static double rate(Random dice, double min, double max) {
        return min + dice.nextDouble() * (max - min);
    }
}
