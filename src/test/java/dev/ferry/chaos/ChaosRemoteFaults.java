package dev.ferry.chaos;

import dev.ferry.local.sample.Fault;
import dev.ferry.local.sample.FaultHook;
import dev.ferry.local.sample.RemoteEndpoint;
import dev.ferry.local.sample.RemoteRequest;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The sample remote misbehaving at the scenario's rate: 500/503, 429 with Retry-After, answers too
 * slow for the request timeout, and bodies cut short. Every data request also costs the scenario
 * {@link #PAGE_COST} of time, which is how workers' budgets run out. No faults while a calm delivery
 * is in flight (requests cannot be told apart by delivery here).
 */
final class ChaosRemoteFaults implements FaultHook {
    /** Scenario time one data request takes. */
    static final Duration PAGE_COST = Duration.ofSeconds(10);

    private final ScenarioPlan plan;
    private final FaultCounts faults;
    private final ChaosClock clock;
    private final BooleanSupplier calmDeliveryInFlight;
    private final Random dice;

    ChaosRemoteFaults(ScenarioPlan plan, FaultCounts faults, ChaosClock clock, BooleanSupplier calmDeliveryInFlight) {
        this.plan = plan;
        this.faults = faults;
        this.clock = clock;
        this.calmDeliveryInFlight = calmDeliveryInFlight;
        this.dice = new Random(plan.seed ^ 0x5eed_0f_fa17L);
    }

    @Override
    public Fault onRequest(RemoteRequest request) {
        if (request.endpoint() == RemoteEndpoint.DATA_MIGRATION) {
            clock.advance(PAGE_COST);
        }
        double roll;
        int kind;
        synchronized (dice) {
            roll = dice.nextDouble();
            kind = dice.nextInt(100);
        }
        if (roll >= plan.remoteFaultRate || calmDeliveryInFlight.getAsBoolean()) {
            return Fault.none();
        }
        if (kind < 40) {
            faults.add(FaultKind.REMOTE_SERVER_ERROR);
            return Fault.status(kind % 2 == 0 ? 500 : 503);
        }
        if (kind < 65) {
            faults.add(FaultKind.REMOTE_RATE_LIMITED);
            return Fault.tooManyRequests(Duration.ofSeconds(kind % 2));
        }
        if (kind < 75) {
            faults.add(FaultKind.REMOTE_TIMEOUT);
            return Fault.delay(Lane.REQUEST_TIMEOUT.plusMillis(100));
        }
        if (request.method().equals("PUT")) {
            faults.add(FaultKind.REMOTE_SERVER_ERROR);
            return Fault.status(502);
        }
        faults.add(FaultKind.REMOTE_TRUNCATED_BODY);
        return Fault.truncate(1 + kind % 12);
    }
}
