package dev.ferry.adapter.schema;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ferry plan}: writes a migration plan for a MySQL, MariaDB or TiDB schema.
 *
 * <pre>
 * plan (--jdbc-url URL --database NAME | --ddl FILE.sql) [--plan EXISTING.yaml] [--out PLAN.yaml]
 *      [--name NAME] [--mode FAN_OUT|SINGLE_EVENT]
 * </pre>
 * The password, if any, comes from {@code FERRY_PLAN_DB_PASSWORD} (or the URL). With {@code --plan},
 * that plan's schema versions are kept and what changed becomes a new version. Notes (tables skipped,
 * keys chosen, foreign keys left out, page sizes) go to standard error and into the plan as comments.
 * Exit code 0 when a plan was written, 2 for wrong arguments, 1 when the schema could not be read.
 */
public final class PlanMain {
    private PlanMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv("FERRY_PLAN_DB_PASSWORD")));
    }

    /**
     * Runs one {@code plan} command line (the operator CLI's {@code ferry plan} calls it too): the plan goes to
     * {@code out} unless {@code --out} names a file, notes and the summary line to {@code err}.
     *
     * @param password the database password for {@code --jdbc-url}, or null
     * @return 0 when a plan was written, 2 for wrong arguments, 1 when the schema could not be read
     */
    public static int run(String[] args, PrintStream out, PrintStream err, String password) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("plan") && i == 0) {
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                err.println("unexpected argument " + a + "\n" + usage());
                return 2;
            }
            options.put(a.substring(2), args[++i]);
        }
        boolean fromJdbc = options.containsKey("jdbc-url");
        if (fromJdbc == options.containsKey("ddl") || (fromJdbc && !options.containsKey("database"))
                || !List.of("jdbc-url", "database", "ddl", "plan", "out", "name", "mode").containsAll(options.keySet())) {
            err.println(usage());
            return 2;
        }
        try {
            SourceSchema schema;
            String source;
            if (fromJdbc) {
                source = "database " + options.get("database");
                Properties login = new Properties();
                if (password != null) {
                    login.setProperty("password", password);
                }
                try (Connection c = DriverManager.getConnection(options.get("jdbc-url"), login)) {
                    schema = InformationSchemaReader.read(c, options.get("database"));
                }
            } else {
                Path file = Path.of(options.get("ddl"));
                source = "file " + file.getFileName();
                schema = DdlSchemaReader.read(Files.readString(file, StandardCharsets.UTF_8));
            }
            MigrationPlan previous = options.containsKey("plan") ? PlanLoader.load(options.get("plan")) : null;
            String name = options.getOrDefault("name", fromJdbc ? options.get("database")
                    : Path.of(options.get("ddl")).getFileName().toString().replaceFirst("\\.sql$", ""));
            MigrationMode mode = MigrationMode.valueOf(options.getOrDefault("mode", "FAN_OUT"));
            PlanGenerator.Result result = PlanGenerator.generate(schema, previous, name, mode);
            String yaml = PlanYamlWriter.write(result.plan(), List.of("Ferry migration plan, generated from the " + source
                    + " by `ferry plan`.", "Schema versions already applied must not be edited: regenerate with --plan to add one."),
                    result.notes());
            PlanLoader.parse(yaml, "generated plan"); // what is written always loads
            if (options.containsKey("out")) {
                Files.writeString(Path.of(options.get("out")), yaml, StandardCharsets.UTF_8);
            } else {
                out.print(yaml);
            }
            result.notes().forEach(n -> err.println("note: " + n));
            err.println("plan: " + result.plan().dataTypes().size() + " data types, schema version "
                    + result.plan().schema().get(result.plan().schema().size() - 1).version()
                    + (result.newVersion() ? " (new)" : " (unchanged)"));
            return 0;
        } catch (FerryException | IOException | SQLException | IllegalArgumentException e) {
            err.println("plan: " + e.getMessage());
            return 1;
        }
    }

    private static String usage() {
        return "usage: plan (--jdbc-url URL --database NAME | --ddl FILE.sql) [--plan EXISTING.yaml] [--out PLAN.yaml]"
                + " [--name NAME] [--mode FAN_OUT|SINGLE_EVENT]   (password: FERRY_PLAN_DB_PASSWORD)";
    }
}
