package dev.ferry.chaos;

import java.util.List;
import java.util.stream.Collectors;

/** The results of a chaos run, and the one summary line it prints. */
record ChaosReport(ChaosSettings settings, List<ScenarioResult> results, long millis) {

    FaultCounts faults() {
        FaultCounts all = new FaultCounts();
        results.forEach(r -> all.addAll(r.faults()));
        return all;
    }

    long lost() {
        return results.stream().mapToLong(ScenarioResult::lost).sum();
    }

    long duplicated() {
        return results.stream().mapToLong(ScenarioResult::duplicated).sum();
    }

    long stuck() {
        return results.stream().mapToLong(ScenarioResult::stuck).sum();
    }

    List<ScenarioResult> failures() {
        return results.stream().filter(ScenarioResult::failed).toList();
    }

    /** {@code chaos: <runs> runs, <faults> faults injected, <lost> lost, <duplicated> duplicated, <stuck> stuck} */
    String summaryLine() {
        return "chaos: " + results.size() + " runs, " + faults().total() + " faults injected, " + lost() + " lost, "
                + duplicated() + " duplicated, " + stuck() + " stuck";
    }

    /** The faults by kind, the run's size and time, and every failed scenario with the property that replays it. */
    String details() {
        long invocations = results.stream().mapToLong(ScenarioResult::invocations).sum();
        String header = "seed " + settings.seed() + ", " + settings.lanes() + " lanes, " + invocations
                + " worker invocations in " + millis + " ms; faults: " + faults();
        if (failures().isEmpty()) {
            return header;
        }
        return header + "\n" + failures().size() + " failed scenarios (replay one with -Dchaos.scenario=<seed>):\n"
                + failures().stream().map(ScenarioResult::describe).collect(Collectors.joining("\n"));
    }
}
