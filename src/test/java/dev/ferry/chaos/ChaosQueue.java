package dev.ferry.chaos;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The work queue as the chaos suite sees it: in non-calm deliveries a send may fail outright, or
 * reach SQS while the sender sees a failure (so a retry sends it twice). A delayed message waits here,
 * on the scenario's clock, until {@link #releaseDue} finds it due (ElasticMQ's own delay would run on
 * the real clock, which the scenario does not follow).
 */
final class ChaosQueue implements WorkQueue {
    private final WorkQueue delegate;
    private final ScenarioPlan plan;
    private final FaultCounts faults;
    private final ChaosClock clock;
    private final List<Held> held = new ArrayList<>();

    private record Held(WorkMessage message, Instant due) {
    }

    ChaosQueue(WorkQueue delegate, ScenarioPlan plan, FaultCounts faults, ChaosClock clock) {
        this.delegate = delegate;
        this.plan = plan;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public void send(WorkMessage message) {
        sendOrHold(message, Duration.ZERO);
    }

    @Override
    public void sendLater(WorkMessage message, Duration delay) {
        sendOrHold(message, delay);
    }

    private void sendOrHold(WorkMessage message, Duration delay) {
        Delivery delivery = Delivery.faultable();
        if (delivery == null || !delivery.chance(plan.queueFaultRate)) {
            deliverOrHold(message, delay);
            return;
        }
        if (delivery.chance(0.5)) {
            faults.add(FaultKind.QUEUE_SEND_FAILED);
            throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "injected: the work queue refused the message");
        }
        deliverOrHold(message, delay);
        faults.add(FaultKind.QUEUE_SEND_ANSWER_LOST);
        throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "injected: the work queue's answer was lost");
    }

    private void deliverOrHold(WorkMessage message, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            delegate.send(message);
            return;
        }
        synchronized (held) {
            held.add(new Held(message, clock.instant().plus(delay)));
        }
    }

    /** Sends every held message that is due on the scenario's clock. */
    void releaseDue() {
        List<WorkMessage> due = new ArrayList<>();
        synchronized (held) {
            Instant now = clock.instant();
            held.removeIf(h -> {
                if (!h.due().isAfter(now)) {
                    due.add(h.message());
                    return true;
                }
                return false;
            });
        }
        due.forEach(delegate::send);
    }

    /** When the earliest held message falls due, if any is held. */
    Optional<Instant> nextDue() {
        synchronized (held) {
            return held.stream().map(Held::due).min(Instant::compareTo);
        }
    }

    /** One message at a time, so a failure part-way leaves the earlier ones sent, as a failed batch can. */
    @Override
    public void sendAll(List<? extends WorkMessage> messages) {
        messages.forEach(this::send);
    }
}
