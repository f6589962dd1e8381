package dev.ferry.app.verify;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.verify.VerificationCounts;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The worker's {@code verify} job: verifies one data type per step within the invocation's time,
 * then sends the step after it: the same data type again if it paused, else the plan's next data
 * type, until the last. Safe to deliver twice: a finished step is not repeated (only its successor
 * is sent again), and of two deliveries of one step only one saves its counts.
 */
public final class RunVerification {
    private final MigrationPlan plan;
    private final VerifyDataType verifier;
    private final WorkQueue queue;
    private final Clock clock;

    public RunVerification(MigrationPlan plan, VerifyDataType verifier, WorkQueue queue, Clock clock) {
        this.plan = plan;
        this.verifier = verifier;
        this.queue = queue;
        this.clock = clock;
    }

    /** @return a short description for the invocation's log line */
    public String run(WorkMessage.Verify message, LongSupplier remainingMillis) {
        if (message.repair() && !verifier.canRepair()) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "this worker cannot repair");
        }
        String runId = message.runId() == null ? RunIds.next(clock) : message.runId();
        if (!RunIds.valid(runId)) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "malformed verification run id");
        }
        DataType dataType = message.dataType() == null ? plan.dataTypes().get(0) : plan.requireDataType(message.dataType());
        VerifyDataType.Step step = verifier.run(message.installation(), dataType, runId, message.repair(), remainingMillis);
        String what = "run " + runId + " " + dataType.name() + ": ";
        switch (step.result()) {
            case LOST -> {
                return what + "another delivery saved first";
            }
            case PAUSED -> {
                queue.send(new WorkMessage.Verify(message.installation(), runId, dataType.name(), message.repair()));
                return what + "paused after " + step.record().counts().chunks() + " chunks";
            }
            default -> {
                Optional<DataType> next = plan.next(dataType.name());
                next.ifPresent(d -> queue.send(new WorkMessage.Verify(message.installation(), runId, d.name(), message.repair())));
                return what + step.result().name().toLowerCase(java.util.Locale.ROOT) + " " + describe(step.record().counts())
                        + (step.record().lastError() == null ? "" : " error " + step.record().lastError())
                        + next.map(d -> ", next " + d.name()).orElse(", last data type");
            }
        }
    }

    static String describe(VerificationCounts c) {
        return "source " + c.sourceRows() + " destination " + c.destinationRows() + " missing " + c.missing() + " extra "
                + c.extra() + " different " + c.different() + " repaired " + c.repaired();
    }
}
