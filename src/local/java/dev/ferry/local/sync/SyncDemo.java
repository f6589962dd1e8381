package dev.ferry.local.sync;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.config.VerificationBeans;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlKeyRanges;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.app.FailurePolicy;
import dev.ferry.app.FerryCore;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SyncSettings;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SourceWrites;
import dev.ferry.local.verify.StatusTable;
import com.mysql.cj.jdbc.MysqlDataSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeping in sync, proving it matches, cutting over and rolling back, end to end on real services:
 * the sample source app in MariaDB behind its HTTP remote (with the change feed, deletions feed and
 * write endpoint), Ferry's MySQL state, sink and verification, and the core use cases driven by a
 * delivery loop standing in for SQS and Lambda. The sample plan is used with a change feed on
 * {@code issues}, and keeps syncing after DONE.
 *
 * <ol>
 *   <li>A load generator inserts, updates and deletes issues at the source (and now and then gives a
 *   batch of issues one shared {@code updated_at}) while Ferry migrates every installation.</li>
 *   <li>Once every installation is DONE the load stops; Ferry keeps syncing until a pass that began
 *   after the load stopped has finished; a verification by chunk checksums must find 0 differences.</li>
 *   <li>One destination row is corrupted; verification finds it by key and repairs it.</li>
 *   <li>One installation cuts over to its destination, which then changes on its own; a reverse sync
 *   must make the source equal to it, after which switching back is allowed.</li>
 * </ol>
 * Prints what it sees and ends with one summary line; exit code 0 only if every check held.
 */
public final class SyncDemo {
    private static final String SOURCE_DATABASE = "ferry_sync_source";
    private static final String PREFIX = "ferry_sync_";
    private static final int LOAD_SECONDS = 15;
    private static final SampleDataSet DATA = new SampleDataSet(SampleDataSet.DEFAULT_SEED, List.of(
            new InstallationSpec("sync-aspen", 20, 1_500, 60, 300),
            new InstallationSpec("sync-rowan", 8, 400, 20, 90)));

    private SyncDemo() {
    }

    public static void main(String[] args) {
        Result result = run(MySqlServer.resolve(), System.out, Duration.ofMinutes(5));
        System.exit(result.ok() ? 0 : 1);
    }

    /**
     * What the demo saw.
     *
     * @param sourceChanges      writes the load generator made while Ferry worked
     * @param passes             the newest pass of each installation when the load stopped, summed
     * @param differences        found by the verification after the load stopped
     * @param corruptedKey       the key of the row corrupted on purpose
     * @param corruptionFound    whether verification reported it by that key
     * @param corruptionRepaired whether it was repaired and a second verification found 0 differences
     * @param reverseDifferences differences between source and destination after the reverse sync
     * @param rolledBack         whether switching the primary back to the source was accepted
     */
    public record Result(long sourceChanges, int passes, long differences, String corruptedKey,
                         boolean corruptionFound, boolean corruptionRepaired, long reverseDifferences,
                         boolean rolledBack) {
        public boolean ok() {
            return sourceChanges > 0 && differences == 0 && corruptionFound && corruptionRepaired
                    && reverseDifferences == 0 && rolledBack;
        }
    }

    /** Runs the whole scenario on {@code mysql}; {@code limit} bounds each wait. */
    public static Result run(MySqlServer mysql, PrintStream out, Duration limit) {
        mysql.dropDatabase(SOURCE_DATABASE);
        SampleSourceDatabase source = SampleSourceDatabase.createAndLoad(mysql, SOURCE_DATABASE, DATA);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = HexFormat.of().formatHex(key);
        try (SampleRemoteServer remote = SampleRemoteServer.start(source, secret.getBytes(StandardCharsets.UTF_8))) {
            Ferry ferry = new Ferry(mysql, remote, secret);
            DATA.installationIds().forEach(id -> ferry.databases.drop(InstallationId.of(id)));
            return new Scenario(ferry, new SourceWrites(source), out, limit).play();
        } finally {
            source.close();
        }
    }

    /** Drops the demo's databases (the source and each installation's), which a run leaves for inspection. */
    public static void dropDatabases(MySqlServer mysql) {
        mysql.dropDatabase(SOURCE_DATABASE);
        DATA.installationIds().forEach(id -> mysql.dropDatabase(PREFIX + id));
    }

    /** The sample plan with a change feed (and deletions feed) on issues, syncing on after DONE. */
    static MigrationPlan plan() {
        MigrationPlan sample = PlanLoader.load("classpath:ferry-plan.yaml");
        List<DataType> types = new ArrayList<>();
        for (DataType d : sample.dataTypes()) {
            types.add(d.name().equals("issues")
                    ? new DataType(d.name(), d.remotePath(), d.table(), d.columns(), d.primaryKey(), d.pageSize(), d.order(),
                    new ChangeFeed("updated_at", true))
                    : d);
        }
        return new MigrationPlan(sample.name(), sample.mode(), types, sample.schema(),
                new SyncSettings(true, Duration.ofSeconds(2), Duration.ZERO, 0));
    }

    /** Ferry's adapters and use cases on the demo's services, with an in-process queue. */
    static final class Ferry {
        final MigrationPlan plan = plan();
        final Clock clock = Clock.systemUTC();
        final dev.ferry.local.InProcessQueue messages = new dev.ferry.local.InProcessQueue();
        final WorkQueue queue = messages;
        final MysqlDataSource dataSource = new MysqlDataSource();
        final InstallationDatabases databases;
        final RemoteEndpoints remote;
        final MySqlJobStore store;
        final HandleWorkMessage handler;
        final VerifyInstallation verifier;
        final StatusReport status;
        private static final int MAX_REDELIVERIES = 500;
        private int redeliveries;

        Ferry(MySqlServer mysql, SampleRemoteServer sample, String secret) {
            dataSource.setUrl(mysql.jdbcUrl(null));
            dataSource.setUser(mysql.username());
            dataSource.setPassword(mysql.password());
            databases = new InstallationDatabases(dataSource, PREFIX);
            remote = new RemoteEndpoints(RemoteSettings.defaults(sample.baseUrl()).withAudience(sample.audience()),
                    new HmacTokenSigner(secret.getBytes(StandardCharsets.UTF_8), "ferry", sample.audience(),
                            Duration.ofSeconds(60), clock));
            store = new MySqlJobStore(dataSource, databases);
            MySqlRowSink sink = new MySqlRowSink(dataSource, databases);
            dev.ferry.app.verify.VerifyDataType verifyDataType = VerificationBeans.verifier(remote, dataSource, databases,
                    sink, clock, VerifySettings.defaults());
            FailurePolicy failures = new FailurePolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(5));
            FerryCore.Ports ports = new FerryCore.Ports(store, remote.pages(), remote.status(), remote.installations(),
                    remote.changes(), remote.writer(),
                    MySqlKeyRanges.strict(dataSource, databases), sink, new MySqlSchemaMigrator(dataSource, databases, clock),
                    queue, verifyDataType, clock, Failpoints.NONE);
            handler = FerryCore.assemble(plan, ports, new FerryCore.Settings(new WorkerSettings(200, 50, 2_000, failures),
                    new CheckerSettings(Duration.ofSeconds(30), failures), 100)).handler();
            verifier = new VerifyInstallation(plan, verifyDataType, clock);
            status = new StatusReport(plan, store, remote.installations(),
                    new dev.ferry.adapter.mysql.MySqlVerificationStore(dataSource, databases), clock);
        }

        /** Delivers queued messages, each with a budget of about two seconds; ticks when the queue is empty. */
        void work(long deliveries) {
            for (long i = 0; i < deliveries; i++) {
                WorkMessage message = messages.poll();
                if (message == null && messages.size() > 0) {
                    try {
                        message = messages.poll(Duration.ofMillis(200)); // a job waiting for its next attempt
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (message == null) {
                    messages.send(new WorkMessage.ListInstallations(null));
                    message = messages.poll();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                try {
                    handler.handle(message, "demo-" + System.nanoTime(), () -> (deadline - System.nanoTime()) / 1_000_000);
                } catch (FerryException e) {
                    if (!e.retryable() || ++redeliveries > MAX_REDELIVERIES) {
                        throw e;
                    }
                    messages.send(message); // not acknowledged: delivered again
                }
            }
        }

        void databaseStatement(InstallationId installation, String sql) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("USE " + dev.ferry.domain.plan.Identifiers.quote(databases.name(installation)));
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("statement on " + installation + " failed", e);
            }
        }
    }

    /** The demo's steps, in order. */
    private static final class Scenario {
        final Ferry ferry;
        final SourceWrites writes;
        final PrintStream out;
        final Duration limit;

        Scenario(Ferry ferry, SourceWrites writes, PrintStream out, Duration limit) {
            this.ferry = ferry;
            this.writes = writes;
            this.out = out;
            this.limit = limit;
        }

        Result play() {
            List<InstallationId> installations = DATA.installationIds().stream().map(InstallationId::of).toList();

            // 1. migrate while the load generator writes
            AtomicBoolean loadRunning = new AtomicBoolean(true);
            AtomicLong changes = new AtomicLong();
            Thread load = new Thread(() -> generateLoad(loadRunning, changes), "source-load");
            load.start();
            long started = System.nanoTime();
            // the load runs for at least LOAD_SECONDS, and until every installation is DONE
            while ((!allDone(installations) || System.nanoTime() - started < Duration.ofSeconds(LOAD_SECONDS).toNanos())
                    && !expired(started)) {
                ferry.work(20);
            }
            loadRunning.set(false);
            join(load);
            int passes = installations.stream().mapToInt(i -> ferry.status.installation(i).sync().pass()).sum();
            out.printf("DONE under load (%d s): %d source changes (inserts, updates, deletes, shared timestamps); passes %s%n",
                    (System.nanoTime() - started) / 1_000_000_000, changes.get(), installations.stream().map(i -> i.value() + "=" + ferry.status.installation(i).sync().pass()).toList());

            // 2. one more pass after the load stopped, then verify
            waitForPassAfter(installations, started);
            long differences = 0;
            for (InstallationId installation : installations) {
                VerifyInstallation.Result result = ferry.verifier.verify(installation);
                differences += result.mismatches();
                out.printf("verified %s after the load stopped: source %,d rows, destination %,d rows, %d differences%n",
                        installation.value(), result.sourceRows(), result.destinationRows(), result.mismatches());
            }

            // 3. corrupt one destination row, find it by key, repair it
            InstallationId first = installations.get(0);
            long victim = writes.issueIds(first.value()).get(7);
            ferry.databaseStatement(first, "UPDATE issues SET title = 'corrupted on purpose' WHERE id = " + victim);
            VerifyInstallation.Result damaged = ferry.verifier.verify(first, true);
            boolean found = damaged.types().stream().anyMatch(t -> t.differentKeys().stream().anyMatch(k -> k.contains(String.valueOf(victim))));
            VerifyInstallation.Result again = ferry.verifier.verify(first);
            boolean repaired = damaged.repaired() >= 1 && again.mismatches() == 0;
            out.printf("corrupted issue %d of %s: found %s by key %s, repaired %d, verified again: %d differences%n",
                    victim, first.value(), found, damaged.types().stream().flatMap(t -> t.differentKeys().stream()).toList(),
                    damaged.repaired(), again.mismatches());

            // 4. cut over, change the destination only, reverse sync, roll back
            ferry.handler.handle(new WorkMessage.SwitchPrimary(first, Primary.DESTINATION), "operator", () -> 1_000);
            List<Long> ids = writes.issueIds(first.value());
            ferry.databaseStatement(first, "UPDATE issues SET title = CONCAT(title, ' (edited after cutover)'), "
                    + "updated_at = UTC_TIMESTAMP(3) WHERE id IN (" + ids.get(1) + ", " + ids.get(2) + ", " + ids.get(3) + ")");
            ferry.databaseStatement(first, "INSERT INTO issues (id, project_id, title, labels, updated_at) VALUES "
                    + "(990000001, 1, 'created after cutover', '[]', UTC_TIMESTAMP(3))");
            ferry.databaseStatement(first, "DELETE FROM issues WHERE id = " + ids.get(ids.size() - 1));
            ferry.handler.handle(new WorkMessage.ReverseSync(first), "operator", () -> 1_000);
            long reverseStarted = System.nanoTime();
            while (!"DONE".equals(ferry.status.installation(first).sync().reverseStatus()) && !expired(reverseStarted)) {
                ferry.work(10);
            }
            VerifyInstallation.Result back = ferry.verifier.verify(first);
            out.printf("reverse sync of %s: %s; source %,d rows, destination %,d rows, %d differences%n", first.value(),
                    ferry.status.installation(first).sync().reverseStatus(), back.sourceRows(), back.destinationRows(),
                    back.mismatches());
            boolean rolledBack;
            try {
                ferry.handler.handle(new WorkMessage.SwitchPrimary(first, Primary.SOURCE), "operator", () -> 1_000);
                rolledBack = ferry.store.primary(first) == Primary.SOURCE;
            } catch (FerryException e) {
                out.println("switching back refused: " + e.getMessage());
                rolledBack = false;
            }
            out.println();
            out.print(StatusTable.render(ferry.status.fleet()));
            Result result = new Result(changes.get(), passes, differences, String.valueOf(victim), found, repaired,
                    back.mismatches(), rolledBack);
            out.printf("sync demo: DONE under load (%d source changes), %d differences; corrupted row %s %s; "
                            + "reverse sync: %d differences, rolled back: %s%n", result.sourceChanges(), result.differences(),
                    victim, found && repaired ? "found and repaired" : "NOT repaired", result.reverseDifferences(), rolledBack);
            return result;
        }

        /** Roughly 60 writes a second over both installations until told to stop. */
        void generateLoad(AtomicBoolean running, AtomicLong changes) {
            Random random = new Random(11);
            List<String> ids = DATA.installationIds();
            while (running.get()) {
                String installation = ids.get(random.nextInt(ids.size()));
                List<Long> issues = writes.issueIds(installation);
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> writes.insertIssue(installation, 1, "load insert " + random.nextInt(1_000_000));
                    case 3, 4, 5, 6 -> writes.updateIssue(installation, issues.get(random.nextInt(issues.size())),
                            "load update " + random.nextInt(1_000_000));
                    case 7, 8 -> writes.deleteIssue(installation, issues.get(random.nextInt(issues.size())));
                    default -> {
                        // a batch sharing one timestamp, larger than a page boundary needs
                        int from = random.nextInt(Math.max(1, issues.size() - 300));
                        writes.setUpdatedAt(installation, issues.subList(from, Math.min(issues.size(), from + 250)), writes.now());
                    }
                }
                changes.incrementAndGet();
                sleep(15);
            }
        }

        boolean allDone(List<InstallationId> installations) {
            return installations.stream().allMatch(i -> ferry.store.trackingStatus(i).orElse(null) == InstallationStatus.DONE);
        }

        /** Keeps syncing until every installation finished a pass that began after the load stopped. */
        void waitForPassAfter(List<InstallationId> installations, long started) {
            java.time.Instant stopped = ferry.clock.instant();
            while (!expired(started)) {
                boolean caughtUp = installations.stream().allMatch(i -> {
                    StatusReport.SyncState sync = ferry.status.installation(i).sync();
                    return sync.lastPassBeganAt() != null && java.time.Instant.parse(sync.lastPassBeganAt()).isAfter(stopped);
                });
                if (caughtUp) {
                    return;
                }
                ferry.work(10);
            }
        }

        boolean expired(long started) {
            return System.nanoTime() - started > limit.toNanos();
        }

        static void join(Thread thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
