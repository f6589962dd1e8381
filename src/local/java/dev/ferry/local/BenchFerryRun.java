package dev.ferry.local;

import dev.ferry.adapter.config.FerryConfig;
import dev.ferry.adapter.lambda.ScheduledTick;
import dev.ferry.adapter.lambda.TrackerHandler;
import dev.ferry.adapter.lambda.WorkerHandler;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlKeyRanges;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.app.verify.ReaderChunkSource;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.plan.MigrationPlan;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The bench's "Ferry end to end" step, in a JVM of its own (started by {@code dev.ferry.local.bench.BenchMain};
 * its heap is Ferry's alone): the same tracker and worker handlers as on Lambda, ticks every
 * {@code ferry.local.tick-interval}, every message through SQS by the {@link LocalEventSourceMapping}, until
 * the one installation named by {@code bench.installation} is DONE; timed from the moment that installation is
 * released, after the warm-up installation {@code bench.warm-up-installation} (if any) has been moved untimed. The remote, the source and SQS
 * run in the parent JVM. Then, untimed, verification by content hash against the source database
 * ({@code bench.source-database}; skipped with {@code bench.verify=false}). Writes its figures as one JSON
 * object to the file named by the first argument.
 */
@ApplicationScoped
@IfBuildProfile("bench")
public class BenchFerryRun implements QuarkusApplication {
    /** How often the run asks whether the installation is DONE: often enough, without loading the database. */
    private static final long STATUS_POLL_MILLIS = 250;
    @Inject
    TrackerHandler tracker;
    @Inject
    WorkerHandler worker;
    @Inject
    SqsClient sqs;
    @Inject
    FerryConfig config;
    @Inject
    LocalConfig local;
    @Inject
    StatusReport status;
    @Inject
    RemoteEndpoints remote;
    @Inject
    MigrationPlan plan;
    @Inject
    DataSource dataSource;
    @Inject
    InstallationDatabases databases;
    @Inject
    AgroalDataSource pool;

    @Override
    public int run(String... args) throws Exception {
        Path result = Path.of(args[0]);
        String installation = System.getProperty("bench.installation");
        String label = System.getProperty("bench.shape", installation);
        long expected = Long.getLong("bench.expected-rows", 0L);
        ResourceMonitor monitor = ResourceMonitor.start(() -> pool.getMetrics().activeCount(), Duration.ofMillis(100));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-tick");
            t.setDaemon(true);
            return t;
        });
        String warmUp = System.getProperty("bench.warm-up-installation", "");
        long started = System.nanoTime();
        long invocations;
        long retried;
        Optional<StatusReport.InstallationState> state;
        long deadline = started + local.timeout().toNanos();
        long copied = 0;
        CpuWindow.Snapshot cpuFrom = CpuWindow.take();
        CpuWindow.Snapshot cpuTo = null;
        try (LocalEventSourceMapping mapping = new LocalEventSourceMapping(sqs, config.queue().url(), worker,
                local.concurrency(), local.invocationTimeout(), local.retryBackoff())) {
            mapping.start();
            long interval = local.tickInterval().toMillis();
            ticker.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
            long invocationsBefore = 0;
            long retriedBefore = 0;
            if (!warmUp.isEmpty()) {
                if (!warmUp(warmUp, label, deadline)) {
                    return 1;
                }
                invocationsBefore = mapping.invocations();
                retriedBefore = mapping.failedRecords();
                // released as the vendor's app would release it, and looked at without waiting for the next tick
                remote.status().reportMigrationStatus(InstallationId.of(installation), InstallationStatus.READY);
                ticker.execute(this::tick);
                started = System.nanoTime();
                cpuFrom = CpuWindow.take();
                deadline = started + local.timeout().toNanos();
            }
            long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                Thread.sleep(STATUS_POLL_MILLIS);
                state = stateOf(installation);
                if (copied == 0 && state.isPresent() && allChainsDone(state.get())) {
                    copied = System.nanoTime();
                    cpuTo = CpuWindow.take();
                }
                if (state.isPresent() && (state.get().status() == InstallationStatus.DONE || stuck(state.get()))
                        || System.nanoTime() > deadline) {
                    break;
                }
                if (System.nanoTime() > nextReport) {
                    long rows = state.map(StatusReport.InstallationState::rowsCopied).orElse(0L);
                    System.out.printf(Locale.ROOT, "  ferry %s: %,d of %,d rows after %.0f s%n", label, rows, expected,
                            (System.nanoTime() - started) / 1e9);
                    nextReport += TimeUnit.SECONDS.toNanos(5);
                }
            }
            ticker.shutdownNow();
            invocations = mapping.invocations() - invocationsBefore;
            retried = mapping.failedRecords() - retriedBefore;
        }
        CpuWindow.Shares cpu = CpuWindow.between(cpuFrom, cpuTo != null ? cpuTo : CpuWindow.take(),
                Runtime.getRuntime().availableProcessors());
        double seconds = (System.nanoTime() - started) / 1e9;
        double copiedSeconds = copied == 0 ? seconds : (copied - started) / 1e9;
        monitor.close();
        boolean done = state.isPresent() && state.get().status() == InstallationStatus.DONE;
        long rows = state.map(StatusReport.InstallationState::rowsCopied).orElse(0L);
        long mismatches = -1;
        long destinationRows = -1;
        if (done && !"false".equals(System.getProperty("bench.verify"))) {
            VerifyInstallation.Result verified = new VerifyInstallation(plan, verifier(), Clock.systemUTC())
                    .verify(InstallationId.of(installation));
            mismatches = verified.mismatches();
            destinationRows = verified.destinationRows();
        }
        String json = String.format(Locale.ROOT, "{\"installation\":\"%s\",\"done\":%s,\"rows\":%d,\"seconds\":%.3f,"
                        + "\"copiedSeconds\":%.3f,"
                        + "\"workerInvocations\":%d,\"recordsRetried\":%d,\"peakHeapBytes\":%d,\"heapAfterGcBytes\":%d,"
                        + "\"maxHeapBytes\":%d,\"peakConnections\":%d,\"verified\":%s,\"destinationRows\":%d,\"mismatches\":%d,"
                        + "\"cpu\":{\"ferryJvmCores\":%.3f,\"benchJvmCores\":%.3f,\"restCores\":%.3f,\"machineCores\":%d}}",
                installation, done, rows, seconds, copiedSeconds, invocations, retried, monitor.peakHeapBytes(), monitor.heapAfterGcBytes(),
                ResourceMonitor.maxHeapBytes(), Math.max(pool.getMetrics().maxUsedCount(), monitor.peakActiveConnections()),
                mismatches >= 0, destinationRows, mismatches,
                cpu.ownCores(), cpu.parentCores(), cpu.restCores(), cpu.machineCores());
        try {
            Files.writeString(result, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done && mismatches <= 0 ? 0 : 1;
    }

    /**
     * Moves the warm-up installation (already READY at the remote) to DONE, untimed: afterwards this JVM is
     * like a Lambda container that has handled work before. False, after saying why, when it does not finish.
     */
    private boolean warmUp(String warmUp, String label, long deadline) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            Thread.sleep(STATUS_POLL_MILLIS);
            Optional<StatusReport.InstallationState> state = stateOf(warmUp);
            if (state.isPresent() && state.get().status() == InstallationStatus.DONE) {
                System.out.printf(Locale.ROOT, "  ferry %s: warm-up installation %s DONE, %,d rows in %.1f s from a cold JVM"
                        + " (not timed); now the timed one%n", label, warmUp, state.get().rowsCopied(),
                        (System.nanoTime() - started) / 1e9);
                return true;
            }
            if (state.isPresent() && stuck(state.get()) || System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "  ferry %s: warm-up installation %s did not finish: %s%n", label, warmUp,
                        state.map(Object::toString).orElse("never seen"));
                return false;
            }
        }
    }

    private Optional<StatusReport.InstallationState> stateOf(String installation) {
        return status.fleet().installations().stream().filter(i -> i.installation().equals(installation)).findFirst();
    }

    /** Every chain of the installation DONE: all its rows written and cursors saved (the tracker marks the installation at its next tick). */
    private static boolean allChainsDone(StatusReport.InstallationState state) {
        return !state.chains().isEmpty() && state.chains().stream().allMatch(c -> c.status() == JobStatus.DONE);
    }

    /** A chain FAILED for good (a permanent error, or retried for longer than allowed): the run cannot finish. */
    private boolean stuck(StatusReport.InstallationState state) {
        return state.failing();
    }

    private void tick() {
        try {
            tracker.handleRequest(new ScheduledTick(UUID.randomUUID().toString(), Instant.now().toString(),
                    "Scheduled Event"), new LocalLambdaContext("tracker", Duration.ofSeconds(60)));
        } catch (RuntimeException e) {
            System.out.println("  tick failed: " + e);
        }
    }

    /**
     * Compares the source database with the destination as the product's verification does: the destination read
     * by key range, chunk by chunk (so a large installation fits the heap Ferry is measured with); no repairs.
     */
    private VerifyDataType verifier() {
        VerifySettings settings = VerifySettings.defaults();
        return new VerifyDataType(new ReaderChunkSource(new SourceDatabaseRowReader(dataSource,
                System.getProperty("bench.source-database")), settings), new MySqlKeyRanges(dataSource, databases),
                null, null, VerificationStore.NONE, Clock.systemUTC(), settings);
    }
}
