package dev.ferry.local;

import dev.ferry.adapter.lambda.ScheduledTick;
import dev.ferry.adapter.lambda.TrackerHandler;
import dev.ferry.adapter.lambda.WorkerHandler;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.config.FerryConfig;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.SampleSourceDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local run: the same tracker and worker handlers as on Lambda, driven by the scheduler (for
 * EventBridge) and a local SQS event source mapping, until every installation is DONE; then every
 * installation's destination is compared with its source row by row, and one summary line ends it.
 *
 * <p>In load mode ({@code ferry.local.installations} set) it also watches the connection pool and the
 * heap, and prints the run's {@link LoadFigures} just before that last line.
 */
@ApplicationScoped
@IfBuildProfile("local")
public class LocalRun implements QuarkusApplication {
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
    MigrationPlan plan;
    @Inject
    DataSource dataSource;
    @Inject
    JdbcDestinationReader destination;
    @Inject
    RemoteEndpoints remote;
    @Inject
    AgroalDataSource pool;
    @Inject
    JobStore jobs;

    private volatile boolean running;

    @Override
    public int run(String... args) throws Exception {
        PrintStream out = System.out;
        LocalEnvironment environment = LocalEnvironment.current().orElseThrow(
                () -> new IllegalStateException("start the local run with dev.ferry.local.LocalMain"));
        boolean load = local.installations().isPresent();
        Map<String, Long> totals = environment.source().map(this::sourceRowCounts).orElse(Map.of());
        ProgressDisplay progress = new ProgressDisplay(out, (installation, dataType) ->
                totals.get(installation + "/" + dataType), totals.values().stream().mapToLong(Long::longValue).sum());
        ResourceMonitor monitor = load ? ResourceMonitor.start(() -> pool.getMetrics().activeCount(),
                Duration.ofMillis(100)) : null;
        StatusReport.Fleet fleet;
        String listingFailure = null;
        long started = System.nanoTime();
        Duration migration;
        long invocations;
        long retried;
        try (LocalEventSourceMapping mapping = new LocalEventSourceMapping(sqs, config.queue().url(), worker,
                local.concurrency(), local.invocationTimeout(), local.retryBackoff())) {
            mapping.start();
            if (local.fresh() && environment.remote().isEmpty()) {
                resetRemoteStatuses(out);
            }
            running = true;
            tick();
            FleetWatch.Outcome watched = new FleetWatch(status::fleet, progress, local.progressInterval(),
                    local.timeout()).until(f -> f.allDone() || stuck(f));
            fleet = watched.fleet();
            listingFailure = watched.listingFailure();
            migration = Duration.ofNanos(System.nanoTime() - started);
            running = false;
            invocations = mapping.invocations();
            retried = mapping.failedRecords();
            out.printf("worker invocations: %d, records retried: %d%n", invocations, retried);
        }
        if (fleet.listingProblem() != null && listingFailure == null) {
            out.println("the remote's installations listing is broken: " + fleet.listingProblem());
        }
        if (listingFailure != null) {
            out.println("stopped: listing the installations failed for good: " + listingFailure
                    + "; fix the remote or its settings, then run again");
        } else if (stuck(fleet)) {
            out.println("stopped: every installation not DONE has a chain FAILED (its reason is above); fix the cause, "
                    + "then restart the chains with a retry message (README, \"Operating\")");
        } else if (!fleet.allDone()) {
            out.println("timed out before every installation was DONE");
        }
        Verified verified = verify(out, environment, fleet);
        if (monitor != null) {
            monitor.close();
            try {
                out.println(new LoadFigures(fleet.installations().size(), verified.rows(), migration, invocations,
                        Math.max(pool.getMetrics().maxUsedCount(), monitor.peakActiveConnections()),
                        pool.getConfiguration().connectionPoolConfiguration().maxSize(), monitor.peakHeapBytes(),
                        monitor.heapAfterGcBytes(), ResourceMonitor.maxHeapBytes(), retried, failedJobs(fleet),
                        deadLetters(environment)).line());
            } catch (RuntimeException e) { // the last line and the exit code must not depend on the figures
                out.println("load: figures unavailable: " + e);
            }
        }
        String nothing = listingFailure == null ? nothingMigrated(fleet, verified) : null;
        if (nothing != null) {
            out.println(nothing);
        }
        out.printf("migrated %d rows for %d installations, %d mismatches%n", verified.rows(), fleet.installations().size(),
                verified.mismatches());
        return verified.mismatches() == 0 && fleet.allDone() && nothing == null && fleet.listingProblem() == null
                && listingFailure == null ? 0 : 1;
    }

    /**
     * Why a run that moved nothing is not a success: no installation listed, or no row migrated. Null when
     * something was migrated, or when the user said an empty run is what they expect
     * ({@code FERRY_LOCAL_ALLOW_EMPTY=true}).
     */
    private String nothingMigrated(StatusReport.Fleet fleet, Verified verified) {
        if (local.allowEmpty()) {
            return null;
        }
        if (fleet.installations().isEmpty()) {
            return "nothing migrated: the remote lists no installations (set FERRY_LOCAL_ALLOW_EMPTY=true if that is expected)";
        }
        if (verified.rows() == 0) {
            return "nothing migrated: no installation has any rows at the source or in its destination "
                    + "(set FERRY_LOCAL_ALLOW_EMPTY=true if that is expected)";
        }
        return null;
    }

    /** Rows per installation and data type at the sample source ({@code installation/dataType}), read once. */
    private Map<String, Long> sourceRowCounts(SampleSourceDatabase source) {
        Map<String, Long> counts = new HashMap<>();
        for (String installation : source.installationIds()) {
            for (DataType dataType : plan.dataTypes()) {
                try {
                    counts.put(installation + "/" + dataType.name(), source.rowCount(installation, dataType.name()));
                } catch (IllegalArgumentException notInTheSample) {
                    // a plan of another app: no totals for that data type
                }
            }
        }
        return counts;
    }

    /** Jobs that ended FAILED, in every installation (a restarted job stays FAILED; its successor carries on). */
    private long failedJobs(StatusReport.Fleet fleet) {
        return fleet.installations().stream().filter(i -> i.status() != null)
                .mapToLong(i -> jobs.jobs(InstallationId.of(i.installation())).stream()
                        .filter(j -> j.status() == JobStatus.FAILED).count())
                .sum();
    }

    /** Messages in the dead-letter queue now. */
    private long deadLetters(LocalEnvironment environment) {
        return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(environment.queues().deadLetterQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
    }

    /**
     * Whether every installation that is not DONE has a chain FAILED for good (a permanent error, or
     * retried for longer than the checker allows): nothing more happens without an operator.
     */
    private boolean stuck(StatusReport.Fleet fleet) {
        return !fleet.allDone() && fleet.installations().stream()
                .filter(i -> i.status() != dev.ferry.domain.job.InstallationStatus.DONE)
                .allMatch(StatusReport.InstallationState::failing);
    }

    /**
     * A fresh start against a real remote: every listed installation whose status is IN_PROGRESS or DONE is
     * set back to READY (a remote may refuse; then its status must be reset on its side, which is said).
     */
    private void resetRemoteStatuses(PrintStream out) {
        var installations = remote.installations();
        int reset = 0;
        dev.ferry.domain.page.Cursor after = null;
        for (int page = 0; page < 10_000; page++) {
            var batch = installations.list(after, config.tracker().installationsPageSize());
            for (InstallationId id : batch.installations()) {
                var status = installations.migrationStatus(id);
                if (status.isEmpty() || status.get() == InstallationStatus.READY
                        || status.get() == InstallationStatus.PENDING) {
                    continue;
                }
                try {
                    installations.reportMigrationStatus(id, InstallationStatus.READY);
                    reset++;
                } catch (dev.ferry.domain.error.FerryException e) {
                    out.println("fresh start: the remote refused to set " + id + " back to READY (" + e.getMessage()
                            + "); reset its status on the remote's side");
                }
            }
            if (batch.installations().isEmpty() || batch.next() == null) {
                break;
            }
            after = batch.next();
        }
        out.printf("Fresh start: %d installations set back to READY at the remote%n", reset);
    }

    /** The tracker's schedule; runs only while the migration is in progress. */
    @Scheduled(every = "${ferry.local.tick-interval:5s}", delayed = "1s")
    void scheduledTick() {
        if (running) {
            tick();
        }
    }

    private void tick() {
        tracker.handleRequest(new ScheduledTick(UUID.randomUUID().toString(), Instant.now().toString(),
                "Scheduled Event"), new LocalLambdaContext("tracker", java.time.Duration.ofSeconds(60)));
    }

    /** What verification found: destination rows, and mismatches (including installations not DONE). */
    private record Verified(long rows, long mismatches) {
    }

    /**
     * Compares every installation with its source. Prints a line per installation and data type, or
     * for a fleet larger than the progress display shows whole, only the lines with differences
     * and a total.
     */
    private Verified verify(PrintStream out, LocalEnvironment environment, StatusReport.Fleet fleet) {
        RowReader source = environment.source()
                .<RowReader>map(s -> new SourceDatabaseRowReader(dataSource, s.database()))
                .orElseGet(() -> new RemoteRowReader(remote.pages()));
        VerifyInstallation verifier = new VerifyInstallation(plan, source, destination);
        boolean everyLine = fleet.installations().size() <= ProgressDisplay.MAX_INSTALLATION_LINES;
        long rows = 0;
        long sourceRows = 0;
        long mismatches = 0;
        long[] differences = new long[3];
        for (StatusReport.InstallationState state : fleet.installations()) {
            VerifyInstallation.Result result = verifier.verify(InstallationId.of(state.installation()));
            rows += result.destinationRows();
            mismatches += result.mismatches();
            for (VerifyInstallation.TypeResult type : result.types()) {
                sourceRows += type.sourceRows();
                differences[0] += type.missing();
                differences[1] += type.extra();
                differences[2] += type.different();
                boolean differs = type.missing() + type.extra() + type.different() > 0
                        || type.sourceRows() != type.destinationRows();
                if (everyLine || differs) {
                    out.printf("verified %-16s %-15s source %,8d  destination %,8d  missing %d  extra %d  different %d%s%n",
                            state.installation(), type.dataType(), type.sourceRows(), type.destinationRows(), type.missing(),
                            type.extra(), type.different(), type.exampleKeys().isEmpty() ? "" : "  e.g. " + type.exampleKeys());
                }
                if (type.error() != null) {
                    out.printf("verified %-16s %-15s FAILED: %s%n", state.installation(), type.dataType(), type.error());
                }
            }
        }
        if (!everyLine) {
            out.printf("verified %d installations: source %,d rows, destination %,d rows, missing %d, extra %d, different %d%n",
                    fleet.installations().size(), sourceRows, rows, differences[0], differences[1], differences[2]);
        }
        if (!fleet.allDone()) {
            mismatches += fleet.installations().stream().filter(s -> s.status() != dev.ferry.domain.job.InstallationStatus.DONE).count();
        }
        return new Verified(rows, mismatches);
    }
}
