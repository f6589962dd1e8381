package dev.ferry.cli;

import dev.ferry.adapter.schema.PlanMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry plan}: generates a migration plan from the app's schema — read over JDBC from
 * {@code information_schema}, or from a file of {@code CREATE TABLE} statements — or adds a schema version to
 * an existing plan after a schema change (docs/plan.md). The plan goes to standard output unless {@code --out}
 * names a file; notes and a summary line go to standard error.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Generates a migration plan from a MySQL/MariaDB/TiDB schema (--jdbc-url with --database, or "
                + "--ddl FILE.sql); with --plan, adds a schema version to that plan instead of rewriting it.")
public final class PlanCommand implements Callable<Integer> {
    /** The environment variable the database password is read from. */
    public static final String PASSWORD_ENV = "FERRY_PLAN_DB_PASSWORD";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--jdbc-url", description = "The server, e.g. jdbc:mysql://127.0.0.1:3306/?user=root "
            + "(password: env " + PASSWORD_ENV + ").")
    String jdbcUrl;

    @Option(names = "--database", description = "The app's database (with --jdbc-url).")
    String database;

    @Option(names = "--ddl", paramLabel = "FILE.sql", description = "A file of CREATE TABLE statements, instead of a server.")
    Path ddl;

    @Option(names = "--plan", paramLabel = "PLAN", description = "The plan generated before: its schema versions are kept.")
    String previous;

    @Option(names = "--out", paramLabel = "PLAN.yaml", description = "Where to write the plan (default: standard output).")
    Path out;

    @Option(names = "--name", description = "The plan's name (default: the database's, or the file's).")
    String name;

    @Option(names = "--mode", description = "FAN_OUT (default) or SINGLE_EVENT.")
    String mode;

    @Override
    public Integer call() {
        if ((jdbcUrl == null) == (ddl == null) || (jdbcUrl != null && database == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either --jdbc-url with --database, or --ddl");
        }
        List<String> args = new ArrayList<>(List.of("plan"));
        add(args, "jdbc-url", jdbcUrl);
        add(args, "database", database);
        add(args, "ddl", ddl == null ? null : ddl.toString());
        add(args, "plan", previous);
        add(args, "out", out == null ? null : out.toString());
        add(args, "name", name);
        add(args, "mode", mode);
        ByteArrayOutputStream planText = new ByteArrayOutputStream();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(planText, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
            code = PlanMain.run(args.toArray(String[]::new), o, e, System.getenv(PASSWORD_ENV));
        }
        spec.commandLine().getOut().print(planText.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(messages.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().flush();
        return code == 0 ? FerryCli.OK : code == 2 ? FerryCli.USAGE : FerryCli.FAILURE;
    }

    private static void add(List<String> args, String option, String value) {
        if (value != null) {
            args.add("--" + option);
            args.add(value);
        }
    }
}
