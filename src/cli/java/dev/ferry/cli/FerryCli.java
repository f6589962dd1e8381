package dev.ferry.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ferry <command>}: the operator's CLI (docs/cli.md). Each command reads the state through the
 * target ({@code --target local}: the local engines directly; {@code --target aws}: the status function)
 * and acts by sending the worker the same operator messages an operator could write by hand
 * ({@link dev.ferry.adapter.sqs.WorkMessageCodec}).
 *
 * <p>Exit codes: 0 ok, 1 failure (a refused action, an unreachable engine, messages left behind),
 * 2 usage error.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Operate Ferry migrations: status, verification, retries, pause/resume, cutover and rollback, redrive; "
                + "check a remote against the contract; generate the migration plan.",
        subcommands = {
                StatusCommand.class,
                VerifyCommand.class,
                ActionCommands.Retry.class,
                ActionCommands.Pause.class,
                ActionCommands.Resume.class,
                ActionCommands.Cutover.class,
                ActionCommands.ReverseSync.class,
                ActionCommands.Rollback.class,
                RedriveCommand.class,
                dev.ferry.cli.contract.CheckRemoteCommand.class,
                PlanCommand.class,
                // Register further commands here, one line each
                CommandLine.HelpCommand.class
        })
public final class FerryCli implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        // The AWS SDK logs through SLF4J; the CLI ships no SLF4J provider and wants no notice about it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; what it prints goes to {@code out}, errors to {@code err}. Returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree, with Ferry's exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FerryCli());
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CommandLine.ParameterException usage) {
                throw usage;
            }
            line.getErr().println("ferry " + line.getCommandName() + ": " + describe(e));
            if (Boolean.getBoolean("ferry.cli.debug") || "true".equalsIgnoreCase(System.getenv("FERRY_CLI_DEBUG"))) {
                e.printStackTrace(line.getErr());
            }
            return FAILURE;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        if (e instanceof CliFailure) {
            return e.getMessage();
        }
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
