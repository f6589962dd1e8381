package dev.ferry.local;

import dev.ferry.adapter.lambda.ScheduledTick;
import dev.ferry.adapter.lambda.TrackerHandler;
import dev.ferry.adapter.lambda.WorkerHandler;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.remote.HttpRemoteClient;
import dev.ferry.adapter.config.FerryConfig;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.MigrationPlan;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local run: the same tracker and worker handlers as on Lambda, driven by the scheduler (for
 * EventBridge) and a local SQS event source mapping, until every installation is DONE; then every
 * installation's destination is compared with its source row by row, and one summary line ends it.
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
    HttpRemoteClient remote;

    private volatile boolean running;

    @Override
    public int run(String... args) throws Exception {
        PrintStream out = System.out;
        LocalEnvironment environment = LocalEnvironment.current().orElseThrow(
                () -> new IllegalStateException("start the local run with dev.ferry.local.LocalMain"));
        ProgressDisplay progress = new ProgressDisplay(out, (installation, dataType) ->
                environment.source().map(s -> s.rowCount(installation, dataType)).orElse(null));
        StatusReport.Fleet fleet;
        try (LocalEventSourceMapping mapping = new LocalEventSourceMapping(sqs, config.queue().url(), worker,
                local.concurrency(), local.invocationTimeout(), local.retryBackoff())) {
            mapping.start();
            running = true;
            tick();
            long deadline = System.nanoTime() + local.timeout().toNanos();
            do {
                Thread.sleep(local.progressInterval().toMillis());
                fleet = status.fleet();
                progress.show(fleet);
            } while (!fleet.allDone() && !stuck(fleet) && System.nanoTime() < deadline);
            running = false;
            out.printf("worker invocations: %d, records retried: %d%n", mapping.invocations(), mapping.failedRecords());
        }
        if (stuck(fleet)) {
            out.println("stopped: some installations have data types that failed more often than the checker restarts them");
        } else if (!fleet.allDone()) {
            out.println("timed out before every installation was DONE");
        }
        return verify(out, environment, fleet);
    }

    /** Whether every installation is DONE or has a data type the checker has given up restarting. */
    private boolean stuck(StatusReport.Fleet fleet) {
        int maxRestarts = config.checker().maxRestarts();
        return !fleet.allDone() && fleet.installations().stream()
                .filter(i -> i.status() != dev.ferry.domain.job.InstallationStatus.DONE)
                .allMatch(i -> i.chains().stream().anyMatch(c -> c.status() == dev.ferry.domain.job.JobStatus.FAILED
                        && c.attempts() >= maxRestarts));
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

    private int verify(PrintStream out, LocalEnvironment environment, StatusReport.Fleet fleet) {
        RowReader source = environment.source()
                .<RowReader>map(s -> new SourceDatabaseRowReader(dataSource, s.database()))
                .orElseGet(() -> new RemoteRowReader(remote));
        VerifyInstallation verifier = new VerifyInstallation(plan, source, destination);
        long rows = 0;
        long mismatches = 0;
        for (StatusReport.InstallationState state : fleet.installations()) {
            VerifyInstallation.Result result = verifier.verify(InstallationId.of(state.installation()));
            rows += result.destinationRows();
            mismatches += result.mismatches();
            for (VerifyInstallation.TypeResult type : result.types()) {
                out.printf("verified %-16s %-15s source %,8d  destination %,8d  missing %d  extra %d  different %d%s%n",
                        state.installation(), type.dataType(), type.sourceRows(), type.destinationRows(), type.missing(),
                        type.extra(), type.different(), type.exampleKeys().isEmpty() ? "" : "  e.g. " + type.exampleKeys());
            }
        }
        boolean complete = fleet.allDone();
        if (!complete) {
            mismatches += fleet.installations().stream().filter(s -> s.status() != dev.ferry.domain.job.InstallationStatus.DONE).count();
        }
        out.printf("migrated %d rows for %d installations, %d mismatches%n", rows, fleet.installations().size(), mismatches);
        return mismatches == 0 && complete ? 0 : 1;
    }
}
