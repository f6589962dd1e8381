package dev.ferry.cli;

import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry verify INSTALLATION [--repair]}: queues a verification run; its results show in {@code ferry status}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an installation against its source by chunk checksums, one data type per worker step "
                + "(message: verify); results appear in `ferry status INSTALLATION`.")
final class VerifyCommand extends ActionCommands.OnInstallation {
    @Option(names = "--repair", description = "Upsert missing and different rows from the source, delete extra rows.")
    boolean repair;

    @Override
    int act(FerryTarget ferry, InstallationId id, StatusReport.InstallationState state) {
        Commands.send(spec, ferry, new WorkMessage.Verify(id, null, null, repair),
                (repair ? "verification with repair of " : "verification of ") + id);
        say("results: ferry status " + id);
        return FerryCli.OK;
    }
}
