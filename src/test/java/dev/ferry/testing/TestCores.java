package dev.ferry.testing;

import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.app.FerryCore;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.app.verify.ReaderChunkSource;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.fault.Failpoints;
import java.time.Clock;

/** The production core's ports for harnesses that run the real graph, from fakes or from real adapters. */
public final class TestCores {
    private TestCores() {
    }

    /**
     * Every port of the core from fakes: {@code remote} serves data, status and the listing (and answers as a
     * remote without change feed or write endpoint), {@code sink} is the destination (written, read by key
     * range, deleted from), verification reads the remote's pages and keeps its results in memory.
     */
    public static FerryCore.Ports fakes(JobStore store, InMemoryRemote remote, RecordingRowSink sink, SchemaMigrator schema,
                                        WorkQueue queue, Clock clock, Failpoints failpoints) {
        return ports(store, remote, sink, sink, sink, new InMemoryVerificationStore(), schema, queue, clock, failpoints);
    }

    /**
     * The core's ports around a remote over HTTP (every remote endpoint) and one destination (written through
     * {@code sink}, read through {@code destination}, deleted from through {@code deleter}); verification
     * reads the remote's pages.
     */
    public static FerryCore.Ports ports(JobStore store, RemoteEndpoints remote, RowSink sink, DestinationRanges destination,
                                        RowDeleter deleter, VerificationStore verifications, SchemaMigrator schema,
                                        WorkQueue queue, Clock clock, Failpoints failpoints) {
        return ports(store, remote.pages(), remote.status(), remote.installations(), remote.changes(), remote.writer(), sink, destination, deleter, verifications, schema, queue,
                clock, failpoints);
    }

    /** As above, around an in-memory remote (which has no change feed nor write endpoint). */
    public static FerryCore.Ports ports(JobStore store, InMemoryRemote remote, RowSink sink, DestinationRanges destination,
                                        RowDeleter deleter, VerificationStore verifications, SchemaMigrator schema,
                                        WorkQueue queue, Clock clock, Failpoints failpoints) {
        return ports(store, remote, remote, remote, remote, remote, sink, destination, deleter, verifications, schema, queue,
                clock, failpoints);
    }

    private static FerryCore.Ports ports(JobStore store, RemoteSource remote, RemoteStatus status,
                                         InstallationDirectory directory, RemoteChanges changes, RemoteWriter writer,
                                         RowSink sink, DestinationRanges destination, RowDeleter deleter,
                                         VerificationStore verifications, SchemaMigrator schema, WorkQueue queue,
                                         Clock clock, Failpoints failpoints) {
        VerifySettings settings = VerifySettings.defaults();
        VerifyDataType verifier = new VerifyDataType(new ReaderChunkSource(new RemoteRowReader(remote), settings),
                destination, sink, deleter, verifications, clock, settings);
        return new FerryCore.Ports(store, remote, status, directory, changes, writer, destination, sink, schema, queue,
                verifier, clock, failpoints);
    }
}
