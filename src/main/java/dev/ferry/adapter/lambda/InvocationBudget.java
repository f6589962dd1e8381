package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.adapter.config.FerryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.LongSupplier;

/**
 * An invocation's remaining time: Lambda's own countdown, optionally capped by
 * {@code ferry.worker.max-budget} (used to force short invocations and so continuations).
 */
@ApplicationScoped
public class InvocationBudget {
    @Inject
    FerryConfig config;

    public LongSupplier remainingMillis(Context context) {
        var cap = config.worker().maxBudget();
        if (cap.isEmpty()) {
            return context::getRemainingTimeInMillis;
        }
        long deadline = System.currentTimeMillis() + cap.get().toMillis();
        return () -> Math.min(context.getRemainingTimeInMillis(), deadline - System.currentTimeMillis());
    }
}
