package dev.ferry.cli;

import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The commands that act on one installation (or, for pause and resume, on every one) by sending the
 * worker an operator message, after a look at the installation's state so that an action the worker
 * would refuse is refused here, with the reason, and nothing is sent.
 */
final class ActionCommands {
    private ActionCommands() {
    }

    /** An installation argument and the target. */
    abstract static class OnInstallation implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TargetOptions target;

        @Parameters(index = "0", paramLabel = "INSTALLATION", description = "The installation.")
        String installation;

        @Override
        public Integer call() {
            InstallationId id = Commands.installationId(spec, installation);
            try (FerryTarget ferry = target.open()) {
                StatusReport.InstallationState state = Commands.tracked(spec, ferry, id);
                return act(ferry, id, state);
            }
        }

        /** @param state null when the target cannot read status (nothing could be checked) */
        abstract int act(FerryTarget ferry, InstallationId id, StatusReport.InstallationState state);

        void say(String line) {
            spec.commandLine().getOut().println(line);
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Restart the installation's FAILED chains from their last cursor (message: retry).")
    static final class Retry extends OnInstallation {
        @Override
        int act(FerryTarget ferry, InstallationId id, StatusReport.InstallationState state) {
            if (state != null) {
                long failed = state.chains().stream().filter(c -> c.status() == JobStatus.FAILED).count();
                if (failed == 0) {
                    say("installation " + id + " has no FAILED chain; nothing sent");
                    return FerryCli.OK;
                }
                say("installation " + id + ": " + failed + " FAILED chain" + (failed == 1 ? "" : "s"));
            }
            Commands.send(spec, ferry, new WorkMessage.RetryFailed(id), "retry of " + id);
            return FerryCli.OK;
        }
    }

    @Command(name = "cutover", mixinStandardHelpOptions = true,
            description = "Record the destination as the installation's primary (message: cutover, primary DESTINATION).")
    static final class Cutover extends OnInstallation {
        @Override
        int act(FerryTarget ferry, InstallationId id, StatusReport.InstallationState state) {
            if (state != null) {
                if (primary(state) == Primary.DESTINATION) {
                    say("installation " + id + ": the destination is primary already; nothing sent");
                    return FerryCli.OK;
                }
                if (state.status() != InstallationStatus.DONE) {
                    throw new CliFailure("cutover of " + id + " refused: it is " + state.status()
                            + ", not DONE (its data has not yet moved within a single run); nothing sent");
                }
            }
            Commands.send(spec, ferry, new WorkMessage.SwitchPrimary(id, Primary.DESTINATION), "cutover of " + id);
            return FerryCli.OK;
        }
    }

    @Command(name = "reverse-sync", mixinStandardHelpOptions = true,
            description = "Copy the installation's database back to its source, after a cutover (message: reverse-sync).")
    static final class ReverseSync extends OnInstallation {
        @Override
        int act(FerryTarget ferry, InstallationId id, StatusReport.InstallationState state) {
            if (state != null && primary(state) != Primary.DESTINATION) {
                throw new CliFailure("reverse sync of " + id + " refused: the source is primary (record the cutover "
                        + "first); nothing sent");
            }
            Commands.send(spec, ferry, new WorkMessage.ReverseSync(id), "reverse sync of " + id);
            return FerryCli.OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Record the source as the installation's primary again, once a reverse sync begun after the "
                    + "cutover has finished (message: cutover, primary SOURCE).")
    static final class Rollback extends OnInstallation {
        @Override
        int act(FerryTarget ferry, InstallationId id, StatusReport.InstallationState state) {
            if (state != null) {
                if (primary(state) == Primary.SOURCE) {
                    say("installation " + id + ": the source is primary already; nothing sent");
                    return FerryCli.OK;
                }
                String reverse = state.sync().reverseStatus();
                if (!"DONE".equals(reverse)) {
                    throw new CliFailure("rollback of " + id + " refused: " + (reverse == null
                            ? "no reverse sync has run (run `ferry reverse-sync " + id + "` first)"
                            : "its reverse sync is " + reverse + ", not DONE") + "; nothing sent");
                }
            }
            Commands.send(spec, ferry, new WorkMessage.SwitchPrimary(id, Primary.SOURCE), "rollback of " + id);
            return FerryCli.OK;
        }
    }

    private static Primary primary(StatusReport.InstallationState state) {
        return state.sync() == null ? Primary.SOURCE : Primary.valueOf(state.sync().primary());
    }

    /** One installation, or every one Ferry tracks. */
    static final class Which {
        @Parameters(index = "0", paramLabel = "INSTALLATION", description = "The installation.")
        String installation;

        @Option(names = "--all", required = true, description = "Every installation Ferry tracks.")
        boolean all;
    }

    /** {@code pause} and {@code resume}: one Pause message per installation that is not in that state yet. */
    abstract static class PauseOrResume implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        TargetOptions target;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        abstract boolean pausing();

        @Override
        public Integer call() {
            String verb = pausing() ? "pause" : "resume";
            try (FerryTarget ferry = target.open()) {
                List<StatusReport.InstallationState> states;
                if (which.all) {
                    if (!ferry.readsStatus()) {
                        throw new CliFailure(verb + " --all needs the fleet's status: give --status-function");
                    }
                    states = ferry.fleet().installations().stream().filter(s -> s.status() != null).toList();
                } else {
                    InstallationId id = Commands.installationId(spec, which.installation);
                    StatusReport.InstallationState state = Commands.tracked(spec, ferry, id);
                    if (state == null) {
                        Commands.send(spec, ferry, new WorkMessage.Pause(id, pausing()), verb + " of " + id);
                        return FerryCli.OK;
                    }
                    states = List.of(state);
                }
                int sent = 0;
                int unchanged = 0;
                for (StatusReport.InstallationState state : states) {
                    boolean paused = state.sync() != null && state.sync().pausedSince() != null;
                    if (paused == pausing()) {
                        spec.commandLine().getOut().println("installation " + state.installation() + " is "
                                + (paused ? "paused already (since " + state.sync().pausedSince() + ")" : "not paused")
                                + "; nothing sent");
                        unchanged++;
                        continue;
                    }
                    InstallationId id = InstallationId.of(state.installation());
                    Commands.send(spec, ferry, new WorkMessage.Pause(id, pausing()), verb + " of " + id);
                    sent++;
                }
                if (which.all) {
                    spec.commandLine().getOut().printf("%s: %d message%s sent, %d installation%s unchanged%n", verb, sent,
                            sent == 1 ? "" : "s", unchanged, unchanged == 1 ? "" : "s");
                }
                return FerryCli.OK;
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause an installation's migration, or every one's (message: pause): jobs stop before their "
                    + "next page and the tracker leaves it alone.")
    static final class Pause extends PauseOrResume {
        @Override
        boolean pausing() {
            return true;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused installation, or every paused one (message: resume).")
    static final class Resume extends PauseOrResume {
        @Override
        boolean pausing() {
            return false;
        }
    }
}
