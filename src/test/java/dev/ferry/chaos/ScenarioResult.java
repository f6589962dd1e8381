package dev.ferry.chaos;

import java.util.List;

/**
 * The verdict on one scenario.
 *
 * @param lost       rows of an installation that reached DONE which are missing at its destination or
 *                   differ from the source
 * @param duplicated rows at a DONE installation's destination that the source does not have, or
 *                   that share a primary key with another row
 * @param stuck      installations that did not end DONE with every chain DONE (a scenario that never
 *                   settles counts at least one)
 * @param problems   what else went wrong (unexpected dead letters, rows counted twice, …), and the
 *                   details of the above
 */
record ScenarioResult(ScenarioPlan plan, long lost, long duplicated, long stuck, List<String> problems,
                      FaultCounts faults, long invocations, long millis) {

    boolean failed() {
        return lost > 0 || duplicated > 0 || stuck > 0 || !problems.isEmpty();
    }

    String describe() {
        return "scenario " + plan.number + " (" + plan.describe() + "): " + lost + " lost, " + duplicated
                + " duplicated, " + stuck + " stuck; " + String.join("; ", problems);
    }
}
