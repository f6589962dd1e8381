package dev.ferry.chaos;

import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.SimulatedCrash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the worker function does with one SQS record, as {@code WorkerHandler} does it: decode, hand
 * to the core with the delivery as lease owner and the invocation's remaining time, and answer
 * whether the record is done with. A {@link SimulatedCrash} is the process dying: no answer at all.
 */
final class ChaosWorker {
    /** What became of one delivery. */
    enum Outcome {
        /** Handled, or failed permanently (recorded on the job): the record is deleted. */
        ACKNOWLEDGED,
        /** A retryable failure: the record comes back. */
        RETRY,
        /** The body cannot be read: the record comes back until the dead-letter queue takes it. */
        UNREADABLE,
        /** The worker died: the record is not answered and comes back when its visibility expires. */
        CRASHED
    }

    private final HandleWorkMessage core;
    private final WorkMessageCodec codec;
    private final ChaosClock clock;
    private final List<String> surprises = Collections.synchronizedList(new ArrayList<>());

    ChaosWorker(HandleWorkMessage core, WorkMessageCodec codec, ChaosClock clock) {
        this.core = core;
        this.codec = codec;
        this.clock = clock;
    }

    Outcome deliver(Delivery delivery) {
        WorkMessage message;
        try {
            message = codec.decode(delivery.message.body());
        } catch (FerryException e) {
            return Outcome.UNREADABLE;
        }
        delivery.transfer = message instanceof WorkMessage.TransferJob;
        try {
            core.handle(message, delivery.owner, () -> delivery.deadlineMillis - clock.millis());
            return Outcome.ACKNOWLEDGED;
        } catch (FerryException e) {
            if (!e.retryable()) {
                surprises.add("permanent " + e.code() + " on " + message + ": " + e.getMessage());
            }
            return e.retryable() ? Outcome.RETRY : Outcome.ACKNOWLEDGED;
        } catch (SimulatedCrash crash) {
            return Outcome.CRASHED;
        } catch (RuntimeException e) {
            surprises.add("unexpected " + e + " on " + message);
            return Outcome.RETRY;
        }
    }

    /**
     * Failures no injected fault should cause: unexpected exceptions, and permanent errors (chaos only
     * injects transient faults). Reported with a failing scenario, to explain it.
     */
    List<String> surprises() {
        synchronized (surprises) {
            return List.copyOf(surprises);
        }
    }
}
