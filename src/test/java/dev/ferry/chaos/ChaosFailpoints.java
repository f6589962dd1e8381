package dev.ferry.chaos;

import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.fault.SimulatedCrash;
import dev.ferry.testing.KillableDataSource;

/**
 * Fires the core's failpoints at the scenario's rates, in non-calm deliveries only. A firing
 * crashes the process, except that a worker may instead be paused while its message's visibility
 * expires (another poller takes the message, maybe the job too), and a page may instead lose its
 * database connection between two statements.
 */
final class ChaosFailpoints implements Failpoints {
    private final ScenarioPlan plan;
    private final FaultCounts faults;
    private final KillableDataSource connections;

    ChaosFailpoints(ScenarioPlan plan, FaultCounts faults, KillableDataSource connections) {
        this.plan = plan;
        this.faults = faults;
        this.connections = connections;
    }

    @Override
    public void hit(Failpoint point) {
        Delivery delivery = Delivery.faultable();
        if (delivery == null || !delivery.chance(plan.failpointRates.get(point))) {
            return;
        }
        switch (point) {
            case MID_STATEMENT_DISCONNECT -> {
                if (delivery.chance(plan.killShare) && connections.killLastConnection()) {
                    faults.add(FaultKind.CONNECTION_KILLED_MID_PAGE);
                    return;
                }
            }
            case AFTER_PAGE_FETCHED, AFTER_ROWS_WRITTEN, AFTER_CURSOR_SAVED -> {
                if (delivery.canPause() && delivery.chance(plan.pauseShare)) {
                    boolean takeover = delivery.chance(plan.takeoverShare);
                    faults.add(takeover ? FaultKind.LEASE_TAKEN_OVER : FaultKind.VISIBILITY_EXPIRED);
                    delivery.expireVisibilityWhileRunning(takeover);
                    return;
                }
            }
            default -> {
                // every other point only crashes
            }
        }
        faults.add(FaultKind.CRASH);
        throw new SimulatedCrash(point);
    }
}
