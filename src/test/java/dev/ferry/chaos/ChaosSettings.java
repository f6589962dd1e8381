package dev.ferry.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a chaos run is configured, from system properties: {@code chaos.runs} (scenarios, default
 * {@value #DEFAULT_RUNS}), {@code chaos.seed} (the run's seed, default {@value #DEFAULT_SEED}),
 * {@code chaos.scenario} (replays the one scenario with that seed, as printed for a failure) and
 * {@code chaos.lanes} (scenarios run side by side, default {@value #DEFAULT_LANES}).
 */
record ChaosSettings(int runs, long seed, Long onlyScenario, int lanes) {
    static final int DEFAULT_RUNS = 200;
    static final long DEFAULT_SEED = 20_260_301L;
    static final int DEFAULT_LANES = 4;

    static ChaosSettings fromSystemProperties() {
        String only = System.getProperty("chaos.scenario");
        return new ChaosSettings(Integer.getInteger("chaos.runs", DEFAULT_RUNS),
                Long.getLong("chaos.seed", DEFAULT_SEED),
                only == null || only.isBlank() ? null : Long.parseLong(only.trim()),
                Integer.getInteger("chaos.lanes", DEFAULT_LANES));
    }

    /** The scenarios of the run: each with a seed drawn from the run's seed, so any one can be replayed alone. */
    List<ScenarioPlan> plans() {
        if (onlyScenario != null) {
            return List.of(ScenarioPlan.of(onlyScenario, 0));
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        List<ScenarioPlan> plans = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            plans.add(ScenarioPlan.of(seeds.nextLong(), i));
        }
        return plans;
    }
}
