package dev.ferry.chaos;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.List;

/**
 * The work queue as the chaos suite sees it: in non-calm deliveries a send may fail outright, or
 * reach SQS while the sender sees a failure (so a retry sends it twice).
 */
final class ChaosQueue implements WorkQueue {
    private final WorkQueue delegate;
    private final ScenarioPlan plan;
    private final FaultCounts faults;

    ChaosQueue(WorkQueue delegate, ScenarioPlan plan, FaultCounts faults) {
        this.delegate = delegate;
        this.plan = plan;
        this.faults = faults;
    }

    @Override
    public void send(WorkMessage message) {
        Delivery delivery = Delivery.faultable();
        if (delivery == null || !delivery.chance(plan.queueFaultRate)) {
            delegate.send(message);
            return;
        }
        if (delivery.chance(0.5)) {
            faults.add(FaultKind.QUEUE_SEND_FAILED);
            throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "injected: the work queue refused the message");
        }
        delegate.send(message);
        faults.add(FaultKind.QUEUE_SEND_ANSWER_LOST);
        throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "injected: the work queue's answer was lost");
    }

    /** One message at a time, so a failure part-way leaves the earlier ones sent, as a failed batch can. */
    @Override
    public void sendAll(List<? extends WorkMessage> messages) {
        messages.forEach(this::send);
    }
}
