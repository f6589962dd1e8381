package dev.ferry.hostile;

import dev.ferry.adapter.config.VerificationBeans;
import dev.ferry.adapter.lambda.HandlerKit;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlKeyRanges;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.adapter.remote.RetrySettings;
import dev.ferry.adapter.sqs.SqsWorkQueue;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.FailurePolicy;
import dev.ferry.app.FerryCore;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.write.DuplicatePolicy;
import dev.ferry.domain.write.InsertLimits;
import dev.ferry.local.LocalEventSourceMapping;
import dev.ferry.local.engine.EmbeddedSqs;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One migration of a fleet against the hostile remote, as the worker function runs it: the production
 * graph ({@link FerryCore}) on MariaDB, SQS (ElasticMQ) and the remote over HTTP, the worker driven by
 * an SQS event source mapping with invocations of one second, and a tick every second. Settings are the
 * deployed ones scaled down so that outages, backoffs and giving up fit in seconds: a budget that leaves
 * room for one page per invocation (so loops must be caught across invocations), requests of 3 KiB (a page
 * of 25 issues takes 13 statements), a 2 s request timeout, 256 KiB bodies, backoff from 200 ms to 2 s and
 * giving up after 8 s without progress.
 */
final class HostileRun implements AutoCloseable {
    static final Duration INVOCATION = Duration.ofSeconds(1);
    static final FailurePolicy FAILURES = new FailurePolicy(Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(8));
    static final long MAX_BODY_BYTES = 256 * 1024;

    private final HostileWorld world;
    /** This run's remote: every installation of the run, each with its own misbehaviour. */
    final HostileRemote hostile = HostileRemote.start(HostileWorld.SECRET, HostileWorld.AUDIENCE);
    private final InstallationDatabases databases;
    private final MySqlJobStore store;
    private final RemoteEndpoints remote;
    private final FerryCore core;
    private final StatusReport report;
    private final EmbeddedSqs.QueueUrls queues;
    private final LocalEventSourceMapping mapping;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hostile-ticker");
        t.setDaemon(true);
        return t;
    });

    HostileRun(HostileWorld world, String name, int installationsPageSize) {
        this.world = world;
        Clock clock = Clock.systemUTC();
        this.databases = world.databases();
        this.store = new MySqlJobStore(world.pool, databases);
        MySqlRowSink sink = new MySqlRowSink(world.pool, databases, new InsertLimits(5000, 3 * 1024, 65_535,
                DuplicatePolicy.UPDATE));
        this.remote = new RemoteEndpoints(RemoteSettings.defaults(hostile.baseUrl())
                .withRequestTimeout(Duration.ofSeconds(2))
                .withMaxBodyBytes(MAX_BODY_BYTES)
                .withRetry(RetrySettings.defaults().withMaxAttempts(2).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                        .withMaxRetryAfter(Duration.ofSeconds(1))),
                new HmacTokenSigner(HostileWorld.SECRET, HostileWorld.AUDIENCE));
        this.queues = world.sqs.createQueueWithDeadLetterQueue("hostile-" + name + "-" + world.prefix.replace("_", ""), 5,
                Duration.ofSeconds(30));
        SqsWorkQueue queue = new SqsWorkQueue(world.sqsClient, queues.queueUrl(), new WorkMessageCodec(new ObjectMapper()));
        FerryCore.Ports ports = new FerryCore.Ports(store, remote.pages(), remote.status(), remote.installations(),
                remote.changes(), remote.writer(),
                MySqlKeyRanges.strict(world.pool, databases), sink, new MySqlSchemaMigrator(world.pool, databases, clock),
                queue, VerificationBeans.verifier(remote, world.pool, databases, sink, clock, VerifySettings.defaults()),
                clock, Failpoints.NONE);
        FerryCore.Settings settings = new FerryCore.Settings(
                // a short invocation, with the deployed read-ahead and three pages of a chain written at once
                new WorkerSettings(950, 50, 2_000, FAILURES).pipelined(0, 65_535).writingAtOnce(3),
                new CheckerSettings(Duration.ofSeconds(3), FAILURES), installationsPageSize);
        this.core = FerryCore.assemble(HostileData.PLAN, ports, settings);
        this.report = new StatusReport(HostileData.PLAN, store, remote.installations(), VerificationStore.NONE, clock, databases);
        this.mapping = new LocalEventSourceMapping(world.sqsClient, queues.queueUrl(),
                HandlerKit.worker(core.handler(), INVOCATION), 4, INVOCATION, Duration.ofSeconds(1));
    }

    /** What became of one installation when the run ended. */
    record Seen(StatusReport.InstallationState state, long mismatches) {
    }

    /** The end of a run: each installation's state, and the fleet's listing problem if any. */
    record Ended(Map<String, Seen> installations, String listingProblem, List<String> listed, boolean settled,
                 long seconds) {
    }

    /**
     * Migrates until every one of {@code installations} is DONE, has a FAILED chain or is refused, or
     * {@code bound} passes; then verifies the DONE ones against the remote by content hash.
     */
    Ended run(List<String> installations, Duration bound) throws InterruptedException {
        return run(installations, installations, bound);
    }

    /**
     * As {@link #run(List, Duration)}, waiting only for {@code awaited} to end (others may never be
     * listed), and reporting on every one of {@code installations}.
     */
    Ended run(List<String> installations, List<String> awaited, Duration bound) throws InterruptedException {
        long started = System.nanoTime();
        mapping.start();
        ticker.scheduleAtFixedRate(() -> core.tick().run(), 0, 1, TimeUnit.SECONDS);
        long deadline = started + bound.toNanos();
        boolean settled = false;
        StatusReport.Fleet fleet = null;
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            fleet = report.fleet();
            if (awaited.stream().allMatch(this::terminal)) {
                settled = true;
                break;
            }
        }
        ticker.shutdownNow();
        mapping.close();
        VerifyInstallation verifier = new VerifyInstallation(HostileData.PLAN, new RemoteRowReader(remote.pages()),
                new JdbcDestinationReader(world.pool, world.prefix));
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (String id : installations) {
            StatusReport.InstallationState state = report.installation(InstallationId.of(id));
            long mismatches = state.status() == InstallationStatus.DONE
                    ? verifier.verify(InstallationId.of(id)).mismatches() : -1;
            seen.put(id, new Seen(state, mismatches));
        }
        List<String> listed = fleet == null ? List.of()
                : fleet.installations().stream().map(StatusReport.InstallationState::installation).toList();
        return new Ended(seen, fleet == null ? null : fleet.listingProblem(), listed, settled,
                (System.nanoTime() - started) / 1_000_000_000L);
    }

    private boolean terminal(String installation) {
        StatusReport.InstallationState state = report.installation(InstallationId.of(installation));
        return state.status() == InstallationStatus.DONE || state.failing();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        mapping.close();
        world.sqsClient.deleteQueue(b -> b.queueUrl(queues.queueUrl()));
        world.sqsClient.deleteQueue(b -> b.queueUrl(queues.deadLetterQueueUrl()));
        hostile.close();
    }

    /** Serves one case's installation on this run's remote, after its setup. */
    void prepare(HostileCase c) {
        world.installation(c.installation());
        java.util.Map<String, java.util.List<java.util.List<Object>>> rows = HostileData.rows(c.installation().hashCode());
        c.setup().prepare(world, hostile, c.installation(), rows);
        HostileData.serve(hostile, c.installation(), rows);
    }
}
