package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.FileGroupNotifier;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.flow.FileGroupEvent;
import dev.ferry.domain.flow.Flow;
import dev.ferry.domain.flow.Movement;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * App Data Flows and Movements, kept in a {@link BlobStore}:
 * <pre>
 * flows/&lt;flowId&gt;/flow.json                      the flow
 * flows/&lt;flowId&gt;/movements/&lt;number&gt;.json        each finished movement
 * streams/&lt;streamId&gt;/…                         the export stream ({@link StreamLayout})
 * </pre>
 * A movement exports the source into the flow's stream (a snapshot the first time the stream sees a
 * data type, a diff after) and imports, for each File Group Label as soon as it is complete, the
 * label's files the destination has not imported yet. Since exports accumulate per stream, a second
 * flow from the same source gets, in its first movement, the first flow's snapshot and diffs rather
 * than a new export of everything.
 *
 * <p>One export at a time per stream: each export holds the stream's lease ({@link StreamLocks},
 * {@code locks/<streamId>.json}); another export of the same stream meanwhile is refused as
 * STATE_STORE_UNAVAILABLE (retryable). Imports need no lease: every file they apply is idempotent.
 */
public final class Flows {
    private final BlocksFormat format;
    private final BlobStore store;
    private final Exporter exporter;
    private final Importer importer;
    private final Clock clock;
    private final StreamLocks locks;

    /** Stream leases last {@link #DEFAULT_LEASE}, longer than a Lambda invocation can run. */
    public static final java.time.Duration DEFAULT_LEASE = java.time.Duration.ofMinutes(20);

    public Flows(BlocksFormat format, BlobStore store, Exporter exporter, Importer importer, Clock clock) {
        this(format, store, exporter, importer, clock, DEFAULT_LEASE);
    }

    public Flows(BlocksFormat format, BlobStore store, Exporter exporter, Importer importer, Clock clock,
                 java.time.Duration lease) {
        this.format = Objects.requireNonNull(format, "format");
        this.store = Objects.requireNonNull(store, "store");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
        this.importer = Objects.requireNonNull(importer, "importer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.locks = new StreamLocks(store, format, clock, lease);
    }

    /** Records the flow unless it exists; an existing flow of that id must have the same stream, source and destination. */
    public Flow define(Flow flow) {
        Optional<Flow> existing = find(flow.flowId());
        if (existing.isPresent()) {
            Flow old = existing.get();
            if (!old.streamId().equals(flow.streamId()) || !old.source().equals(flow.source())
                    || !old.destination().equals(flow.destination())) {
                throw new FerryException(ErrorCode.INVALID_MESSAGE, "flow " + flow.flowId()
                        + " exists with another stream, source or destination");
            }
            return old;
        }
        store.write(flowName(flow.flowId()), out -> out.write(format.encode(flow)));
        return flow;
    }

    public Optional<Flow> find(String flowId) {
        String name = flowName(flowId);
        if (!store.exists(name)) {
            return Optional.empty();
        }
        return Optional.of(format.decode(read(name), Flow.class, name));
    }

    public Flow flow(String flowId) {
        return find(flowId).orElseThrow(() -> new FerryException(ErrorCode.INVALID_MESSAGE, "no flow " + flowId));
    }

    /** The flow's finished movements, first first. */
    public List<Movement> movements(String flowId) {
        List<Movement> movements = new ArrayList<>();
        for (String name : store.list("flows/" + flowId + "/movements")) {
            movements.add(format.decode(read(name), Movement.class, name));
        }
        return movements;
    }

    public BlobStore stream(String streamId) {
        return store.at("streams/" + streamId);
    }

    /**
     * The export half of a movement, holding the stream's lease: the importers learn of each label
     * through {@code notifier}.
     */
    public Exporter.Result export(String flowId, String movementId, RowReader source, FileGroupNotifier notifier) {
        return export(flowId, movementId, source, notifier, null);
    }

    /**
     * The export half of a movement, or the part of it that {@code budget} leaves time for (null: all of it);
     * an incomplete result continues at the next call for the same movement. The stream's lease is held
     * for each call; between calls the export's checkpoint keeps other movements out of the stream.
     */
    public Exporter.Result export(String flowId, String movementId, RowReader source, FileGroupNotifier notifier,
                                  Budget budget) {
        Flow flow = flow(flowId);
        StreamLocks.Lease lease = locks.acquire(flow.streamId(), movementId + "/" + java.util.UUID.randomUUID());
        try {
            return exporter.export(new Exporter.Request(flow.source().installation(), source, stream(flow.streamId()),
                    flow.streamId(), flowId, movementId, notifier, budget));
        } finally {
            locks.release(lease);
        }
    }

    /** The import half, for one complete label: its File List, minus the files the destination already has (or all, on RESTART). */
    public Importer.Result importGroup(FileGroupEvent event, Importer.Mode mode) {
        Flow flow = flow(event.flowId());
        if (!flow.streamId().equals(event.streamId())) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "file group of stream " + event.streamId()
                    + " for flow " + flow.flowId() + " of stream " + flow.streamId());
        }
        BlobStore stream = stream(flow.streamId());
        List<FileListEntry> entries = format.readFileList(stream, event.fileList());
        return importer.importFiles(flow.destination().installation(), stream, flow.streamId(), entries, mode);
    }

    /** Imports every file of the flow's stream (all labels) that the destination has not imported yet (or all, on RESTART). */
    public Importer.Result importAll(String flowId, Importer.Mode mode) {
        Flow flow = flow(flowId);
        BlobStore stream = stream(flow.streamId());
        return importer.importFiles(flow.destination().installation(), stream, flow.streamId(),
                format.readFileList(stream, StreamLayout.FILE_LIST), mode);
    }

    /** A whole movement in this process: export, importing each label as soon as it is complete; recorded when done. */
    public Movement run(String flowId, RowReader source, Importer.Mode mode) {
        Instant started = clock.instant();
        int number = movements(flowId).size() + 1;
        String movementId = flowId + "-m" + number;
        List<String> imported = new ArrayList<>();
        long[] importedRecords = new long[1];
        Exporter.Result export = export(flowId, movementId, source, event -> {
            Importer.Result result = importGroup(event, mode);
            imported.addAll(result.imported());
            importedRecords[0] += result.upserts() + result.deletes();
        });
        Movement movement = new Movement(flowId, movementId, number, export.sequence(), started, clock.instant(),
                export.records(), importedRecords[0], export.files().stream().map(FileListEntry::fileId).toList(), imported);
        store.write(movementName(flowId, number), out -> out.write(format.encode(movement)));
        return movement;
    }

    /**
     * The number of the flow's next movement: one past its finished ones (a movement whose export is
     * still under way keeps its number until it is recorded).
     */
    public int nextMovement(String flowId) {
        return movements(flowId).size() + 1;
    }

    /** Records a movement whose export ran here (in one or more calls) and whose import runs elsewhere (the exporter function). */
    public Movement recordExport(String flowId, String movementId, int number, Exporter.Result export) {
        if (!export.complete()) {
            throw new IllegalStateException("movement " + movementId + ": its export is still under way");
        }
        Movement movement = new Movement(flowId, movementId, number, export.sequence(), export.exportTime(), clock.instant(),
                export.records(), 0, export.files().stream().map(FileListEntry::fileId).toList(), List.of());
        store.write(movementName(flowId, number), out -> out.write(format.encode(movement)));
        return movement;
    }

    private static String flowName(String flowId) {
        return "flows/" + flowId + "/flow.json";
    }

    private static String movementName(String flowId, int number) {
        return "flows/" + flowId + "/movements/" + String.format("%06d", number) + ".json";
    }

    private byte[] read(String name) {
        try (InputStream in = store.open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
