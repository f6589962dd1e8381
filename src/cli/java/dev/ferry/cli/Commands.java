package dev.ferry.cli;

import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands share: reading an installation id, checking it before acting, sending a message. */
final class Commands {
    private Commands() {
    }

    /** The id, or a usage error (exit 2) when it is not one. */
    static InstallationId installationId(CommandSpec spec, String text) {
        try {
            return InstallationId.of(text);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not an installation id: '" + text + "' ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * The installation's state when the target can read it, after checking that Ferry tracks it
     * (otherwise the worker would drop the message); null when the target cannot read status.
     */
    static StatusReport.InstallationState tracked(CommandSpec spec, FerryTarget ferry, InstallationId installation) {
        if (!ferry.readsStatus()) {
            spec.commandLine().getOut().println("(not checked first: no status function given)");
            return null;
        }
        StatusReport.InstallationState state = ferry.installation(installation);
        if (state.status() == null) {
            throw new CliFailure("installation " + installation + ": Ferry has never tracked it"
                    + (state.refusal() == null ? "" : " (" + state.refusal() + ")") + "; nothing sent");
        }
        return state;
    }

    /** Sends the message and says so, with the body the worker receives. */
    static void send(CommandSpec spec, FerryTarget ferry, WorkMessage message, String what) {
        String body = ferry.queue().send(message);
        PrintWriter out = spec.commandLine().getOut();
        out.println("sent " + what + ": " + body);
    }
}
