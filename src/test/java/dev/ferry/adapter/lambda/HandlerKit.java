package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.HandleWorkMessage;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The worker function without CDI, for harnesses outside this package that drive it as Lambda would. */
public final class HandlerKit {
    private HandlerKit() {
    }

    /** The worker handler over {@code core}, each invocation's budget capped at {@code maxBudget}. */
    public static WorkerHandler worker(HandleWorkMessage core, Duration maxBudget) {
        WorkerHandler worker = new WorkerHandler();
        worker.core = core;
        worker.codec = new WorkMessageCodec(new ObjectMapper());
        worker.metrics = dev.ferry.adapter.metrics.EmfWriter.off();
        worker.redelivery = dev.ferry.adapter.sqs.RedeliveryDelay.NONE;
        worker.budget = new InvocationBudget() {
            @Override
            public LongSupplier remainingMillis(Context context) {
                long deadline = System.currentTimeMillis() + maxBudget.toMillis();
                return () -> Math.min(context.getRemainingTimeInMillis(), deadline - System.currentTimeMillis());
            }
        };
        return worker;
    }
}
