package dev.ferry.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.BenchFerryRun;
import dev.ferry.local.CpuWindow;
import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SourceLoadMark;
import io.quarkus.runtime.Quarkus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The bench ({@code ./mvnw -q -Pbench package}): on one server and the same generated data, side by side
 * in one run, for each shape (the sample's mix of types; narrow rows):
 * <ol>
 *   <li><b>remote</b>: the sample remote alone, every page fetched and dropped ({@link RemoteAlone});</li>
 *   <li><b>ceiling</b>: multi-row upserts straight from memory, and LOAD DATA for reference ({@link Ceiling});</li>
 *   <li><b>seed loop</b>: the seed guide's sequential fetch-convert-insert loop ({@link SeedLoop});</li>
 *   <li><b>ferry</b>: Ferry end to end through the real handlers and SQS ({@link FerryStep}).</li>
 * </ol>
 * It prints a line per step, a {@code bench <shape>: …} line per shape, and ends with
 * {@code bench: ferry F rows/s, seed loop S rows/s, ceiling C rows/s, remote R rows/s, ferry/ceiling x, ferry/seed y}
 * (both shapes together: each method's rows over its seconds); the figures also go to
 * {@code target/bench/bench.json}. With the argument {@code ferry} it is the Ferry step's own JVM.
 */
public final class BenchMain {
    private static final List<Logger> QUIET = Stream.of("ch.vorburger", "org.elasticmq", "org.apache.pekko")
            .map(Logger::getLogger).toList();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        if (args.length > 0 && args[0].equals("ferry")) {
            Quarkus.run(BenchFerryRun.class, (code, failure) -> {
                if (failure != null) {
                    failure.printStackTrace();
                }
                System.exit(code);
            }, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int code;
        try {
            code = bench(BenchSettings.fromSystemProperties());
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private static int bench(BenchSettings settings) throws Exception {
        MigrationPlan plan = PlanLoader.load(settings.plan().toString());
        MySqlServer mysql = MySqlServer.resolve();
        String run = "fb" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3)) + "_";
        String sourceDatabase = run + "source";
        Files.createDirectories(settings.out());
        String server = describe(mysql);
        System.out.printf(Locale.ROOT, "bench: %s; %d cores; %s; plan %s; statements up to %s; Ferry JVM %s,"
                        + " %d concurrent worker invocations%s%n", server, Runtime.getRuntime().availableProcessors(), LocalDate.now(),
                settings.plan().getFileName(), kib(settings.maxRequestBytes()), settings.ferryJvmOptions(), settings.concurrency(),
                settings.largeBinaryEvery() > 0 ? String.format(Locale.ROOT, "; every %,d. attachment %s", settings.largeBinaryEvery(),
                        kib(settings.largeBinaryBytes())) : "");
        List<String> databases = new ArrayList<>(List.of(sourceDatabase));
        ObjectNode report = JSON.createObjectNode();
        report.put("date", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        report.put("server", server);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.set("settings", JSON.valueToTree(Map.of("rows", settings.rows(), "narrowRows", settings.narrowRows(),
                "largeBinaryEvery", settings.largeBinaryEvery(), "largeBinaryBytes", settings.largeBinaryBytes(),
                "maxRequestBytes", settings.maxRequestBytes(), "ferryJvmOptions", settings.ferryJvmOptions(),
                "concurrency", settings.concurrency(), "plan", settings.plan().toString(), "steps", settings.steps(),
                "remote", settings.remoteFromMemory() ? "memory" : "database")));
        ObjectNode shapesNode = report.putObject("shapes");
        Totals totals = new Totals();
        boolean ferryOk = true;
        try (SampleSourceDatabase source = new SampleSourceDatabase(mysql, sourceDatabase)) {
            source.createSchema();
            SampleDataSet benchData = new SampleDataSet(SampleDataSet.DEFAULT_SEED, List.of());
            SourceLoadMark.clear(mysql, sourceDatabase);
            List<Shape> shapes = new ArrayList<>();
            for (String name : settings.shapes()) {
                long started = System.nanoTime();
                int warmUpRows = settings.warmUpRows(name.equals(BenchSettings.NARROW) ? settings.narrowRows() : settings.rows());
                Shape shape = switch (name) {
                    case BenchSettings.MIX -> BenchData.loadMix(source, settings.rows(), settings.largeBinaryEvery(),
                            settings.largeBinaryBytes(), warmUpRows);
                    case BenchSettings.NARROW -> BenchData.loadNarrow(source, settings.narrowRows(), warmUpRows);
                    default -> throw new IllegalArgumentException("unknown shape " + name + " (mix, narrow)");
                };
                shapes.add(shape);
                System.out.printf(Locale.ROOT, "bench: loaded %s: %,d rows %s%s in %.1f s%n", shape.name(), shape.rows(),
                        shape.rowsByType(), shape.hasWarmUp() ? String.format(Locale.ROOT, ", and %,d rows of the same shape"
                                + " for the warm-up installation", warmUpRows) : "",
                        (System.nanoTime() - started) / 1e9);
            }
            for (Shape shape : shapes) {
                databases.add(run + shape.installation());
                if (shape.hasWarmUp()) {
                    databases.add(run + shape.warmUp());
                }
            }
            // the bench's own rows are the source: marked loaded, so the environment serves them as they are
            SourceLoadMark.complete(mysql, sourceDatabase, benchData);
            LocalEnvironment environment = LocalEnvironment.start(mysql, sourceDatabase, benchData, false, true, run);
            try {
                Map<String, String> ferry = environment.ferryProperties();
                byte[] secret = ferry.get("ferry.remote.token.secret").getBytes(StandardCharsets.UTF_8);
                String audience = ferry.get("ferry.remote.token.audience");
                java.net.URI remoteUrl = environment.remote().orElseThrow().baseUrl();
                if (settings.remoteFromMemory()) {
                    for (Shape shape : shapes) {
                        long started = System.nanoTime();
                        environment.remote().orElseThrow().serveFromMemory(shape.installation());
                        if (shape.hasWarmUp()) {
                            environment.remote().orElseThrow().serveFromMemory(shape.warmUp());
                        }
                        System.out.printf(Locale.ROOT, "bench: the remote serves %s's pages from memory (rendered in %.1f s,"
                                + " not timed)%n", shape.name(), (System.nanoTime() - started) / 1e9);
                    }
                }
                for (Shape shape : shapes) {
                    ObjectNode node = shapesNode.putObject(shape.name());
                    node.put("installation", shape.installation());
                    node.put("rows", shape.rows());
                    node.set("rowsByDataType", JSON.valueToTree(shape.rowsByType()));
                    Figures figures = new Figures(shape.rows());
                    String label = String.format(Locale.ROOT, "%-6s", shape.name());
                    if (settings.runs("remote")) {
                        RemoteAlone remote = new RemoteAlone(remoteUrl, secret, audience);
                        remote.warmUp(plan, shape.installation());
                        RemoteAlone.Walk parallel = remote.parallel(plan, shape.installation());
                        RemoteAlone.Walk sequential = remote.sequential(plan, shape.installation());
                        figures.remote = shape.rows() / parallel.seconds();
                        figures.remoteSeconds = parallel.seconds();
                        System.out.printf(Locale.ROOT, "remote alone  %s: %,d pages, %,.0f MB: one reader per data type %.1f s"
                                        + " (%,.0f pages/s, %,.0f rows/s); one after the other %.1f s (%,.0f pages/s, %,.0f rows/s);"
                                        + " remote CPU %.1f ms a page%n",
                                label, sequential.pages(), sequential.bytes() / 1e6, parallel.seconds(),
                                parallel.pages() / parallel.seconds(), figures.remote, sequential.seconds(),
                                sequential.pages() / sequential.seconds(), shape.rows() / sequential.seconds(),
                                sequential.remoteCpuMillisPerPage());
                        node.set("remote", JSON.valueToTree(Map.of("pages", sequential.pages(), "bytes", sequential.bytes(),
                                "sequentialSeconds", sequential.seconds(), "sequentialPagesPerSecond", sequential.pages() / sequential.seconds(),
                                "sequentialRowsPerSecond", shape.rows() / sequential.seconds(), "parallelSeconds", parallel.seconds(),
                                "parallelPagesPerSecond", parallel.pages() / parallel.seconds(), "rowsPerSecond", figures.remote,
                                "remoteCpuMillisPerPage", sequential.remoteCpuMillisPerPage())));
                    }
                    if (settings.runs("ceiling")) {
                        String database = run + "ceiling_" + shape.name();
                        databases.add(database);
                        Ceiling.Figures c = Ceiling.measure(mysql, source, plan, shape.installation(), database,
                                settings.maxRequestBytes());
                        figures.ceiling = c.best();
                        figures.ceilingSeconds = shape.rows() / c.best();
                        System.out.printf(Locale.ROOT, "ceiling       %s: %,d upserts of up to %s: one connection %.1f s (%,.0f rows/s),"
                                        + " %d connections %.1f s (%,.0f rows/s), %d connections prepared on the server %.1f s"
                                        + " (%,.0f rows/s); LOAD DATA %.1f s (%,.0f rows/s)%n",
                                label, c.statements(), kib(settings.maxRequestBytes()), c.oneConnectionSeconds(), c.rows() / c.oneConnectionSeconds(), Ceiling.CONNECTIONS,
                                c.manyConnectionsSeconds(), c.rows() / c.manyConnectionsSeconds(), Ceiling.CONNECTIONS,
                                c.serverPreparedSeconds(), c.rows() / c.serverPreparedSeconds(), c.loadDataSeconds(),
                                c.rows() / c.loadDataSeconds());
                        node.set("ceiling", JSON.valueToTree(Map.of("statements", c.statements(),
                                "oneConnectionSeconds", c.oneConnectionSeconds(), "manyConnectionsSeconds", c.manyConnectionsSeconds(),
                                "serverPreparedSeconds", c.serverPreparedSeconds(),
                                "connections", Ceiling.CONNECTIONS, "loadDataSeconds", c.loadDataSeconds(),
                                "loadDataRowsPerSecond", c.rows() / c.loadDataSeconds(), "rowsPerSecond", c.best())));
                        mysql.dropDatabase(database);
                    }
                    if (settings.runs("seed")) {
                        String database = run + "seed_" + shape.name();
                        databases.add(database);
                        SeedLoop seedLoop = new SeedLoop(remoteUrl, secret, audience);
                        if (shape.hasWarmUp()) { // untimed, as Ferry's JVM moves the warm-up installation first
                            seedLoop.run(mysql, plan, shape.warmUp(), database);
                            mysql.dropDatabase(database);
                        }
                        SeedLoop.Figures s = seedLoop.run(mysql, plan, shape.installation(), database);
                        figures.seed = s.rows() / s.seconds();
                        figures.seedSeconds = s.seconds();
                        System.out.printf(Locale.ROOT, "seed loop     %s: %,d pages of up to %d in %.1f s (%,.0f rows/s)%n",
                                label, s.pages(), SeedLoop.PAGE, s.seconds(), figures.seed);
                        node.set("seedLoop", JSON.valueToTree(Map.of("pages", s.pages(), "seconds", s.seconds(),
                                "rowsPerSecond", figures.seed)));
                        mysql.dropDatabase(database);
                    }
                    if (settings.runs("ferry")) {
                        for (Shape other : shapes) { // the warm-up first; Ferry's JVM releases the timed one after it
                            source.setStatus(other.installation(), other == shape && !shape.hasWarmUp() ? "READY" : "PENDING");
                            if (other.hasWarmUp()) {
                                source.setStatus(other.warmUp(), other == shape ? "READY" : "PENDING");
                            }
                        }
                        Map<String, String> properties = new LinkedHashMap<>(ferry);
                        properties.put("quarkus.profile", "bench");
                        properties.put("ferry.destination.database-prefix", run);
                        properties.put("ferry.plan.location", settings.plan().toString());
                        properties.put("ferry.local.concurrency", Integer.toString(settings.concurrency()));
                        properties.put("ferry.destination.max-request-bytes", Integer.toString(settings.maxRequestBytes()));
                        properties.put("bench.installation", shape.installation());
                        properties.put("bench.warm-up-installation", shape.warmUp());
                        properties.put("bench.shape", shape.name());
                        properties.put("bench.expected-rows", Long.toString(shape.rows()));
                        properties.put("bench.source-database", sourceDatabase);
                        properties.put("bench.verify", Boolean.toString(settings.verify()));
                        long dmlBefore = dmlStatements(mysql);
                        JsonNode f = FerryStep.run(settings, properties, settings.out().resolve("ferry-" + shape.name() + ".json"));
                        long dml = dmlStatements(mysql) - dmlBefore;
                        boolean ok = f.path("done").asBoolean() && f.path("rows").asLong() == shape.rows()
                                && f.path("mismatches").asLong() <= 0;
                        ferryOk &= ok;
                        // rows/s until every chain is DONE (all rows written, cursors saved); the installation's
                        // own DONE waits for the tracker's next tick, so it is printed beside it
                        double seconds = f.path("copiedSeconds").asDouble(f.path("seconds").asDouble());
                        figures.ferry = f.path("rows").asLong() / seconds;
                        figures.ferrySeconds = seconds;
                        System.out.printf(Locale.ROOT, "ferry         %s: %,d rows in %.1f s (%,.0f rows/s; installation DONE"
                                        + " after %.1f s)%s, %,.0f DML statements/s, %d worker invocations,"
                                        + " %d records retried, peak heap %s of %s (%s after GC), peak connections %d, %s%n",
                                label, f.path("rows").asLong(), seconds, figures.ferry, f.path("seconds").asDouble(),
                                f.path("done").asBoolean() ? "" : " NOT DONE",
                                dml / seconds,
                                f.path("workerInvocations").asLong(), f.path("recordsRetried").asLong(),
                                mib(f.path("peakHeapBytes").asLong()), mib(f.path("maxHeapBytes").asLong()),
                                mib(f.path("heapAfterGcBytes").asLong()), f.path("peakConnections").asLong(),
                                f.path("verified").asBoolean() ? "verified by content hash: " + f.path("mismatches").asLong()
                                        + " mismatches" : "not verified");
                        JsonNode cpu = f.path("cpu");
                        System.out.printf(Locale.ROOT, "ferry         %s: CPU while timed, in cores busy on average: Ferry's JVM %s,"
                                        + " the bench's JVM (remote, SQS, source) %s, the rest of the machine (the database"
                                        + " server) %s, of %d%n", label,
                                CpuWindow.cores(cpu.path("ferryJvmCores").asDouble(-1)),
                                CpuWindow.cores(cpu.path("benchJvmCores").asDouble(-1)),
                                CpuWindow.cores(cpu.path("restCores").asDouble(-1)), cpu.path("machineCores").asInt());
                        node.set("ferry", f);
                        ((ObjectNode) node.get("ferry")).put("rowsPerSecond", figures.ferry);
                        ((ObjectNode) node.get("ferry")).put("dmlStatementsPerSecond", dml / seconds);
                    }
                    System.out.println(figures.line("bench " + shape.name()));
                    node.set("figures", figures.json());
                    totals.add(figures);
                }
            } finally {
                environment.close();
            }
        } finally {
            if (!settings.keep()) {
                for (String database : databases) {
                    try {
                        mysql.dropDatabase(database);
                    } catch (RuntimeException e) {
                        System.out.println("bench: could not drop " + database + ": " + e.getMessage());
                    }
                }
            }
        }
        Figures all = totals.figures();
        report.set("figures", all.json());
        String json = JSON.writeValueAsString(report);
        Files.writeString(settings.out().resolve("bench.json"), json);
        Files.writeString(settings.out().resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "uuuuMMdd-HHmmss")) + ".json"), json);
        System.out.println(all.line("bench"));
        return ferryOk ? 0 : 1;
    }

    private static String kib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    private static String describe(MySqlServer mysql) {
        String version = "?";
        try (Connection c = mysql.connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            version = rs.getString(1);
        } catch (Exception e) {
            // described without it
        }
        return (mysql.isEmbedded() ? "embedded MariaDB " : "server ") + version + " at " + mysql.host() + ":" + mysql.port()
                + (mysql.isEmbedded() ? "" : " (" + MySqlServer.URL_ENV + ")");
    }

    /** One shape's (or all shapes') rows per second by method; NaN where a step did not run. */
    static final class Figures {
        final long rows;
        double ferry = Double.NaN;
        double seed = Double.NaN;
        double ceiling = Double.NaN;
        double remote = Double.NaN;
        double ferrySeconds = Double.NaN;
        double seedSeconds = Double.NaN;
        double ceilingSeconds = Double.NaN;
        double remoteSeconds = Double.NaN;

        Figures(long rows) {
            this.rows = rows;
        }

        String line(String prefix) {
            return String.format(Locale.ROOT, "%s: ferry %s rows/s, seed loop %s rows/s, ceiling %s rows/s, remote %s rows/s,"
                            + " ferry/ceiling %s, ferry/seed %s", prefix, rate(ferry), rate(seed), rate(ceiling), rate(remote),
                    ratio(ferry / ceiling), ratio(ferry / seed));
        }

        ObjectNode json() {
            ObjectNode node = JSON.createObjectNode();
            node.put("rows", rows);
            put(node, "ferryRowsPerSecond", ferry);
            put(node, "seedLoopRowsPerSecond", seed);
            put(node, "ceilingRowsPerSecond", ceiling);
            put(node, "remoteRowsPerSecond", remote);
            put(node, "ferryToCeiling", ferry / ceiling);
            put(node, "ferryToSeed", ferry / seed);
            return node;
        }

        private static void put(ObjectNode node, String name, double value) {
            if (Double.isNaN(value)) {
                node.putNull(name);
            } else {
                node.put(name, Math.round(value * 100) / 100.0);
            }
        }

        private static String rate(double value) {
            return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
        }

        private static String ratio(double value) {
            return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
        }
    }

    /** Every shape together: each method's rows over its seconds. */
    private static final class Totals {
        private long rows;
        private final double[] seconds = new double[4];
        private final boolean[] missing = new boolean[4];

        void add(Figures f) {
            rows += f.rows;
            double[] s = {f.ferrySeconds, f.seedSeconds, f.ceilingSeconds, f.remoteSeconds};
            for (int i = 0; i < 4; i++) {
                missing[i] |= Double.isNaN(s[i]);
                seconds[i] += Double.isNaN(s[i]) ? 0 : s[i];
            }
        }

        Figures figures() {
            Figures f = new Figures(rows);
            f.ferry = missing[0] ? Double.NaN : rows / seconds[0];
            f.seed = missing[1] ? Double.NaN : rows / seconds[1];
            f.ceiling = missing[2] ? Double.NaN : rows / seconds[2];
            f.remote = missing[3] ? Double.NaN : rows / seconds[3];
            return f;
        }
    }

    /**
     * The server's count of DML statements so far (INSERT, UPDATE, DELETE, REPLACE): around the Ferry step, its
     * statements a second, to compare with a pacing quota (the bench is the server's only writer meanwhile).
     */
    private static long dmlStatements(MySqlServer mysql) {
        try (java.sql.Connection c = mysql.connect("");
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN "
                     + "('Com_insert', 'Com_update', 'Com_delete', 'Com_replace')")) {
            long total = 0;
            while (rs.next()) {
                total += rs.getLong(2);
            }
            return total;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not read the server's statement counters", e);
        }
    }
}
