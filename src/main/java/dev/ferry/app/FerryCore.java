package dev.ferry.app;

import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.app.verify.RunVerification;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.plan.MigrationPlan;
import java.time.Clock;
import java.util.Objects;

/**
 * The whole use-case graph, built in one place from its ports: what production wires with CDI and every
 * tool and test harness wires by hand, so they all run the same graph. Every port is required: a
 * missing one fails here, at start-up, not as an error on some later message.
 */
public final class FerryCore {
    private final Tick tick;
    private final CheckJobs checker;
    private final TrackInstallation tracker;
    private final RunTransferJob transfer;
    private final Cutover cutover;
    private final RunVerification verification;
    private final HandleWorkMessage handler;

    /**
     * Everything outside the core the use cases talk to. {@code failpoints} is {@link Failpoints#NONE} in
     * production; {@code readAhead} runs the worker's next-page reads and the page writes of a chain written at once
     * ({@link #readAheadPool()} in production).
     */
    public record Ports(JobStore store, RemoteSource remote, RemoteStatus status, InstallationDirectory directory,
                        RemoteChanges changes, RemoteWriter writer, DestinationRanges destination, RowSink sink,
                        SchemaMigrator schema, WorkQueue queue, VerifyDataType verifier, Clock clock,
                        Failpoints failpoints, java.util.concurrent.Executor readAhead) {

        /** Ports whose read-ahead runs on the shared pool. */
        public Ports(JobStore store, RemoteSource remote, RemoteStatus status, InstallationDirectory directory,
                     RemoteChanges changes, RemoteWriter writer, DestinationRanges destination, RowSink sink,
                     SchemaMigrator schema, WorkQueue queue, VerifyDataType verifier, Clock clock, Failpoints failpoints) {
            this(store, remote, status, directory, changes, writer, destination, sink, schema, queue, verifier, clock,
                    failpoints, readAheadPool());
        }

        public Ports {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(changes, "changes");
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(failpoints, "failpoints");
            Objects.requireNonNull(readAhead, "readAhead");
        }

        /** These ports with another data endpoint (a test's scripted remote, say). */
        public Ports withRemote(RemoteSource other) {
            return new Ports(store, other, status, directory, changes, writer, destination, sink, schema, queue, verifier,
                    clock, failpoints, readAhead);
        }

        /** These ports with another change feed. */
        public Ports withChanges(RemoteChanges other) {
            return new Ports(store, remote, status, directory, other, writer, destination, sink, schema, queue, verifier,
                    clock, failpoints, readAhead);
        }

        /** These ports with another sink. */
        public Ports withSink(RowSink other) {
            return new Ports(store, remote, status, directory, changes, writer, destination, other, schema, queue, verifier,
                    clock, failpoints, readAhead);
        }
    }

    /** How the use cases spend time and retry. */
    public record Settings(WorkerSettings worker, CheckerSettings checker, int installationsPageSize) {
        public Settings {
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(checker, "checker");
            if (installationsPageSize < 1) {
                throw new IllegalArgumentException("installations page size must be positive");
            }
        }
    }

    private FerryCore(MigrationPlan plan, Ports p, Settings s) {
        Objects.requireNonNull(plan, "plan");
        this.tick = new Tick(p.queue());
        this.checker = new CheckJobs(plan, p, s.checker());
        this.tracker = new TrackInstallation(plan, p, checker);
        this.transfer = new RunTransferJob(plan, p, s.worker());
        this.cutover = new Cutover(plan, p.store(), p.queue(), p.clock());
        this.verification = new RunVerification(plan, p.verifier(), p.queue(), p.clock());
        this.handler = new HandleWorkMessage(new FanOutInstallations(p.directory(), p.queue(), s.installationsPageSize()),
                tracker, transfer, verification, cutover);
    }

    /** The shared pool of daemon threads the worker reads ahead and writes pages at once on, in production. */
    public static java.util.concurrent.Executor readAheadPool() {
        return ReadAhead.pool();
    }

    /** Builds the graph; fails at once if a port is missing. */
    public static FerryCore assemble(MigrationPlan plan, Ports ports, Settings settings) {
        return new FerryCore(plan, ports, settings);
    }

    /** The worker's entry point: every work message goes through it. */
    public HandleWorkMessage handler() {
        return handler;
    }

    /** The scheduled tick. */
    public Tick tick() {
        return tick;
    }

    public TrackInstallation tracker() {
        return tracker;
    }

    public CheckJobs checker() {
        return checker;
    }

    public RunTransferJob transfer() {
        return transfer;
    }

    public Cutover cutover() {
        return cutover;
    }

    public RunVerification verification() {
        return verification;
    }
}
