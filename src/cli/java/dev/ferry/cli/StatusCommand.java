package dev.ferry.cli;

import dev.ferry.domain.job.InstallationId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry status [INSTALLATION] [--json]}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the fleet's status, or one installation's: a table, or the status function's JSON.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Parameters(arity = "0..1", paramLabel = "INSTALLATION", description = "One installation (default: the fleet).")
    String installation;

    @Option(names = "--json", description = "Print the report as JSON (the status function's answer).")
    boolean json;

    @Override
    public Integer call() {
        InstallationId id = installation == null ? null : Commands.installationId(spec, installation);
        try (FerryTarget ferry = target.open()) {
            if (json) {
                spec.commandLine().getOut().println(ferry.statusJson(id));
            } else {
                spec.commandLine().getOut().print(id == null ? StatusTables.fleet(ferry.fleet())
                        : StatusTables.installation(ferry.installation(id)));
            }
        }
        return FerryCli.OK;
    }
}
