package dev.ferry.local.blocks;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.blocks.FileSystemBlobStore;
import dev.ferry.adapter.blocks.JsonlBlocksFormat;
import dev.ferry.adapter.blocks.MySqlImportLedger;
import dev.ferry.adapter.blocks.MySqlRowDeleter;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.blocks.Backups;
import dev.ferry.app.blocks.Exporter;
import dev.ferry.app.blocks.Flows;
import dev.ferry.app.blocks.Importer;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.eventfile.DamagedArchiveException;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.flow.Endpoint;
import dev.ferry.domain.flow.Flow;
import dev.ferry.domain.flow.Movement;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.LocalTesting;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleSourceDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The building blocks on a developer machine, on the local run's engines (embedded MariaDB unless
 * {@code FERRY_MYSQL_URL} names a server) and the sample app (its source database and its remote):
 * <pre>
 * demo                                       export, import, a diff movement, backup, restore and a
 *                                            refused damaged archive, each verified; exits 0 when all match
 * movement &lt;flow&gt; &lt;source&gt; &lt;destination&gt;     one movement: export (snapshot, then diffs), import per label
 * export   &lt;flow&gt; &lt;source&gt; &lt;destination&gt;     the export half only
 * import   &lt;flow&gt;                            import the flow's files the destination does not have yet
 * backup   &lt;installation&gt; &lt;archive.zip&gt;     a backup archive of the installation
 * restore  &lt;archive.zip&gt; &lt;installation&gt;     restore (refused, before any write, if the archive is damaged)
 * verify   &lt;source&gt; &lt;destination&gt;            compare a destination with a sample source installation
 * </pre>
 * Sources are read through the remote contract (the sample remote, or {@code FERRY_REMOTE_BASE_URL});
 * with {@code --from-database} from the source's installation database instead. The store is
 * {@code FERRY_BLOCKS_STORE_ROOT} (default {@code target/blocks-store}). Separate commands share
 * state only with a persistent server ({@code FERRY_MYSQL_URL}): the embedded MariaDB starts empty in
 * every run, and the sample source is reloaded into it. {@code demo} needs neither.
 */
public final class BlocksCommand implements AutoCloseable {
    /** Chatty engines, quieted (kept referenced so the levels stick). */
    private static final List<Logger> QUIET = Stream.of("ch.vorburger", "org.elasticmq", "org.apache.pekko")
            .map(Logger::getLogger).toList();

    private final LocalEnvironment environment;
    private final MigrationPlan plan;
    private final DataSource dataSource;
    private final String prefix;
    private final InstallationDatabases databases;
    private final JsonlBlocksFormat format;
    private final FileSystemBlobStore store;
    private final Path work;
    private final Flows flows;
    private final Backups backups;
    private final MySqlRowDeleter deleter;
    private final RemoteEndpoints remote;
    private final Clock clock = Clock.systemUTC();

    public BlocksCommand(LocalEnvironment environment, MigrationPlan plan, String prefix, Path storeRoot) {
        this.environment = environment;
        this.plan = plan;
        this.prefix = prefix;
        MySqlServer mysql = environment.mysql();
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl(mysql.jdbcUrl(""));
        ds.setUser(mysql.username());
        ds.setPassword(mysql.password());
        this.dataSource = ds;
        this.databases = new InstallationDatabases(dataSource, prefix);
        try {
            this.work = Files.createTempDirectory("ferry-blocks-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.format = new JsonlBlocksFormat(work.resolve("spool"));
        this.store = new FileSystemBlobStore(storeRoot);
        this.deleter = new MySqlRowDeleter(dataSource, databases);
        Importer importer = new Importer(plan, format, new MySqlSchemaMigrator(dataSource, databases, clock),
                new MySqlRowSink(dataSource, databases), deleter, new MySqlImportLedger(dataSource, databases), clock,
                Importer.Settings.DEFAULT);
        Exporter exporter = new Exporter(plan, format, clock, Exporter.Settings.defaults());
        this.flows = new Flows(format, store, exporter, importer, clock);
        this.backups = new Backups(format, exporter, importer, deleter, clock);
        Map<String, String> ferry = environment.ferryProperties();
        String baseUrl = setting("FERRY_REMOTE_BASE_URL", ferry.get("ferry.remote.base-url"));
        String secret = setting("FERRY_REMOTE_TOKEN_SECRET", ferry.get("ferry.remote.token.secret"));
        String audience = setting("FERRY_REMOTE_TOKEN_AUDIENCE", ferry.getOrDefault("ferry.remote.token.audience", "ferry-remote"));
        this.remote = baseUrl == null || secret == null ? null : new RemoteEndpoints(
                RemoteSettings.defaults(java.net.URI.create(baseUrl)).withAudience(audience),
                new HmacTokenSigner(secret.getBytes(StandardCharsets.UTF_8), "ferry", audience, Duration.ofSeconds(60), clock));
    }

    public static void main(String[] args) {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        boolean useSample = setting("FERRY_REMOTE_BASE_URL", null) == null;
        String prefix = setting("FERRY_DESTINATION_DATABASE_PREFIX", "ferry_");
        Path storeRoot = Path.of(setting("FERRY_BLOCKS_STORE_ROOT", "target/blocks-store"));
        int code;
        try (LocalEnvironment environment = LocalEnvironment.start(MySqlServer.resolve(), LocalEnvironment.SOURCE_DATABASE,
                SampleDataSet.defaults(), false, useSample, prefix);
             BlocksCommand command = new BlocksCommand(environment,
                     PlanLoader.load(setting("FERRY_PLAN_LOCATION", "classpath:ferry-plan.yaml")), prefix, storeRoot)) {
            code = command.execute(List.of(args), System.out);
        }
        System.exit(code);
    }

    /** Runs one command; returns the process exit code. */
    public int execute(List<String> arguments, PrintStream out) {
        List<String> args = new ArrayList<>(arguments);
        boolean fromDatabase = args.remove("--from-database");
        if (args.isEmpty()) {
            return usage(out);
        }
        try {
            return switch (args.get(0) + "/" + (args.size() - 1)) {
                case "demo/0" -> demo(out);
                case "movement/3" -> movement(out, args.get(1), args.get(2), args.get(3), fromDatabase);
                case "export/3" -> export(out, args.get(1), args.get(2), args.get(3), fromDatabase);
                case "import/1" -> importFlow(out, args.get(1));
                case "backup/2" -> backup(out, args.get(1), Path.of(args.get(2)), fromDatabase);
                case "restore/2" -> restore(out, Path.of(args.get(1)), args.get(2));
                case "verify/2" -> verify(out, args.get(1), args.get(2)) == 0 ? 0 : 1;
                default -> usage(out);
            };
        } catch (DamagedArchiveException e) {
            out.println("refused: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            out.println("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private int movement(PrintStream out, String flowId, String source, String destination, boolean fromDatabase) {
        define(flowId, "src-" + source, source, destination, fromDatabase);
        return runMovement(out, flowId, fromDatabase);
    }

    private int runMovement(PrintStream out, String flowId, boolean fromDatabase) {
        Movement movement = flows.run(flowId, reader(fromDatabase), Importer.Mode.SKIP_IMPORTED);
        out.printf("movement %s: exported %d records in %d files, imported %d files (%d records)%n",
                movement.movementId(), movement.exportedRecords(), movement.exportedFiles().size(),
                movement.importedFiles().size(), movement.importedRecords());
        return 0;
    }

    private int export(PrintStream out, String flowId, String source, String destination, boolean fromDatabase) {
        Flow flow = define(flowId, "src-" + source, source, destination, fromDatabase);
        int number = flows.nextMovement(flowId);
        String movementId = flowId + "-m" + number;
        Exporter.Result result = flows.export(flowId, movementId, reader(fromDatabase),
                event -> out.printf("file group %s complete: %s (%d files)%n", event.label(), event.fileList(), event.files()));
        flows.recordExport(flowId, movementId, number, result);
        for (FileListEntry file : result.files()) {
            out.printf("  %-45s %-8s %-15s %,8d upserts %,6d deletes %,10d bytes%n", file.name(), file.kind(),
                    file.dataType(), file.upserts(), file.deletes(), file.bytes());
        }
        out.printf("exported %s into stream %s: sequence %d, %d records%n", movementId, flow.streamId(),
                result.sequence(), result.records());
        return 0;
    }

    private int importFlow(PrintStream out, String flowId) {
        Importer.Result result = flows.importAll(flowId, Importer.Mode.SKIP_IMPORTED);
        out.printf("imported %d files into %s (%d upserts, %d deletes), skipped %d already imported, ignored %d%n",
                result.imported().size(), flows.flow(flowId).destination().installationId(), result.upserts(),
                result.deletes(), result.skipped().size(), result.ignored().size());
        return 0;
    }

    private int backup(PrintStream out, String installation, Path archive, boolean fromDatabase) {
        var manifest = backups.backup(InstallationId.of(installation), reader(fromDatabase), scratch("backup"), archive);
        out.printf("backup of %s: %d rows, %d entries, %,d bytes in %s%n", installation, manifest.rows(),
                manifest.entries().size(), size(archive), archive);
        return 0;
    }

    private int restore(PrintStream out, Path archive, String installation) {
        Backups.RestoreResult result = backups.restore(archive, scratch("restore"), InstallationId.of(installation),
                new JdbcDestinationReader(dataSource, prefix));
        out.printf("restored %s (backup of %s taken %s) into %s: %d rows written, %d rows not in the backup deleted%n",
                archive.getFileName(), result.manifest().installation(), result.manifest().createdAt(), installation,
                result.imported().upserts(), result.extraRowsDeleted());
        return 0;
    }

    /** Prints the comparison; returns the number of mismatches. */
    private long verify(PrintStream out, String source, String destination) {
        RowReader sourceRows = (installation, type, consumer) ->
                LocalTesting.sourceReader(dataSource, environment).forEachRow(InstallationId.of(source), type, consumer);
        VerifyInstallation.Result result = new VerifyInstallation(plan, sourceRows, new JdbcDestinationReader(dataSource, prefix))
                .verify(InstallationId.of(destination));
        for (VerifyInstallation.TypeResult type : result.types()) {
            out.printf("  verified %-15s source %,7d  %-22s %,7d  missing %d  extra %d  different %d%n", type.dataType(),
                    type.sourceRows(), destination, type.destinationRows(), type.missing(), type.extra(), type.different());
        }
        return result.mismatches();
    }

    /** The whole tour on the sample installation {@code cedar-health}, verified at every step. */
    private int demo(PrintStream out) {
        SampleSourceDatabase source = environment.source().orElseThrow(() ->
                new IllegalStateException("the demo needs the sample app (unset FERRY_REMOTE_BASE_URL)"));
        String id = "cedar-health";
        String copy = id + "-copy";
        String restored = id + "-restored";
        String flowId = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        for (String installation : List.of(copy, restored)) {
            databases.drop(InstallationId.of(installation));
        }
        long mismatches = 0;
        out.println("1. first movement of flow " + flowId + ": a snapshot of " + id + " through the remote, into " + copy);
        define(flowId, flowId + "-stream", id, copy, false);
        runMovement(out, flowId, false);
        mismatches += verify(out, id, copy);

        out.println("2. changes at the source (2 updates, 1 insert, 2 deletes), then a second movement: only the diff");
        List<Object> issue = source.rows(id, "issues").get(0);
        source.updateRow(id, "issues", List.of(issue.get(0)), Map.of("title", "Renamed after the snapshot ✓"));
        List<Object> project = source.rows(id, "projects").get(0);
        source.updateRow(id, "projects", List.of(project.get(0)), Map.of("budget", new BigDecimal("4242.42")));
        List<Object> added = new ArrayList<>(issue);
        added.set(0, source.nextId("issues"));
        source.insertRow(id, "issues", added);
        source.deleteRow(id, "attachments", List.of(source.rows(id, "attachments").get(0).get(0)));
        List<Object> watcher = source.rows(id, "issue_watchers").get(0);
        source.deleteRow(id, "issue_watchers", List.of(watcher.get(0), watcher.get(1)));
        runMovement(out, flowId, false);
        mismatches += verify(out, id, copy);

        out.println("3. backup of " + copy + " (from its database), restored into " + restored);
        Path archive = work.resolve(copy + ".zip");
        backup(out, copy, archive, true);
        restore(out, archive, restored);
        mismatches += verify(out, id, restored);

        out.println("4. the same archive, truncated, is refused before anything is written");
        Path truncated = work.resolve("truncated.zip");
        try {
            byte[] whole = Files.readAllBytes(archive);
            Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String target = id + "-never";
        databases.drop(InstallationId.of(target));
        boolean refused = execute(List.of("restore", truncated.toString(), target), out) == 2;
        boolean untouched = !databases.exists(InstallationId.of(target));
        out.printf("   refused: %s, nothing written: %s%n", refused, untouched);

        boolean ok = mismatches == 0 && refused && untouched;
        out.printf("blocks demo: %d mismatches, damaged archive %s%n", mismatches, refused && untouched ? "refused" : "NOT refused");
        return ok ? 0 : 1;
    }

    private Flow define(String flowId, String streamId, String source, String destination, boolean fromDatabase) {
        Endpoint from = fromDatabase ? Endpoint.database(source) : Endpoint.remote(source);
        return flows.define(new Flow(flowId, streamId, from, Endpoint.database(destination), clock.instant()));
    }

    private RowReader reader(boolean fromDatabase) {
        if (fromDatabase) {
            return new JdbcDestinationReader(dataSource, prefix);
        }
        if (remote == null) {
            throw new IllegalStateException("no remote: set FERRY_REMOTE_BASE_URL and FERRY_REMOTE_TOKEN_SECRET, "
                    + "or use the sample app");
        }
        return new RemoteRowReader(remote.pages());
    }

    private FileSystemBlobStore scratch(String what) {
        try {
            return new FileSystemBlobStore(Files.createTempDirectory(work, what + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static int usage(PrintStream out) {
        out.println("usage: BlocksCommand demo | movement FLOW SOURCE DESTINATION [--from-database]"
                + " | export FLOW SOURCE DESTINATION [--from-database] | import FLOW"
                + " | backup INSTALLATION ARCHIVE.zip [--from-database] | restore ARCHIVE.zip INSTALLATION"
                + " | verify SOURCE DESTINATION");
        return 64;
    }

    private static String setting(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
