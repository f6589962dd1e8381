package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry redrive}: the dead-letter queue's messages back onto the work queue. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = "Move the dead-letter queue's messages back to the work queue (each sent, then deleted). "
                + "Messages the worker cannot read stay; exit 1 if any did.")
final class RedriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--max", defaultValue = "10000", description = "At most this many messages (default ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() {
        try (FerryTarget ferry = target.open()) {
            OperatorQueue.Redriven result = ferry.queue().redrive(max);
            spec.commandLine().getOut().printf("redrive: %d message%s moved from %s to %s%s%n", result.moved(),
                    result.moved() == 1 ? "" : "s", result.deadLetterQueueUrl(), ferry.queue().workUrl(),
                    result.unreadable() == 0 ? "" : "; " + result.unreadable() + " unreadable left in the dead-letter queue");
            return result.unreadable() == 0 ? FerryCli.OK : FerryCli.FAILURE;
        }
    }
}
