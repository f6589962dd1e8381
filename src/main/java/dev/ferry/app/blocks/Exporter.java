package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.app.port.FileGroupNotifier;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.flow.FileGroupEvent;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The Exporter: reads every data type of an installation from any {@link RowReader} (the remote
 * contract, an installation database) and writes Event Files into an export stream.
 *
 * <p>The first export of a data type is a snapshot (every row as an upsert). Each later export is a
 * diff against the stream's state index of the previous one (primary key and content hash of every
 * row): upserts for new or changed rows, deletes for rows gone; a data type without changes gets no
 * file. Rows are compared by {@link dev.ferry.domain.page.RowHash content hash}, computed by Ferry.
 *
 * <p>Data types are exported in plan order, grouped by File Group Label. When every data type of a
 * label is written, its entries are appended to the stream's File List (the commit point: files not
 * listed there are never read), the label's own File List is written, and the notifier is told, so
 * importers can start on that group while the next one is exported. A crash before the commit leaves
 * unlisted files that the next export replaces by new ones (file ids are never reused).
 *
 * <p>An export given a {@link Budget} may stop between batches of rows and continue at a later call for
 * the same movement, from the stream's {@link ExportCheckpoint}: the finished files stay unlisted until
 * their label is complete, and the data type's state index grows by one part per call.
 *
 * <p>Memory: a diff holds the previous export's key and content hash of one data type (two 32-character
 * strings per row); rows themselves stream through.
 */
public final class Exporter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MigrationPlan plan;
    private final BlocksFormat format;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param binaryThreshold   binary values of at least this many bytes become Binary Files
     * @param maxRecordsPerFile records per Event File before the next part starts
     * @param labels            the File Group Label of each data type
     */
    public record Settings(int binaryThreshold, long maxRecordsPerFile, Function<DataType, String> labels) {
        public static final int DEFAULT_BINARY_THRESHOLD = 64 * 1024;
        public static final long DEFAULT_MAX_RECORDS_PER_FILE = 100_000;

        public Settings {
            if (binaryThreshold < 1 || maxRecordsPerFile < 1) {
                throw new IllegalArgumentException("binaryThreshold and maxRecordsPerFile must be positive");
            }
            Objects.requireNonNull(labels, "labels");
        }

        /** One label per data type (its name), 64 KiB binary threshold, 100,000 records per file. */
        public static Settings defaults() {
            return new Settings(DEFAULT_BINARY_THRESHOLD, DEFAULT_MAX_RECORDS_PER_FILE, DataType::name);
        }

        public Settings withLabels(Function<DataType, String> labels) {
            return new Settings(binaryThreshold, maxRecordsPerFile, labels);
        }

        public Settings withMaxRecordsPerFile(long max) {
            return new Settings(binaryThreshold, max, labels);
        }

        public Settings withBinaryThreshold(int bytes) {
            return new Settings(bytes, maxRecordsPerFile, labels);
        }
    }

    /**
     * What one export added to the stream.
     *
     * @param complete   false when the budget ran out first: the export continues, from its checkpoint,
     *                   at the next call for the same movement; {@code files} then holds the labels committed so far
     * @param exportTime when the export began (its first invocation)
     */
    public record Result(long sequence, List<FileListEntry> files, List<String> labels, boolean complete,
                         Instant exportTime) {
        public long records() {
            return files.stream().mapToLong(FileListEntry::records).sum();
        }

        public long upserts() {
            return files.stream().mapToLong(FileListEntry::upserts).sum();
        }

        public long deletes() {
            return files.stream().mapToLong(FileListEntry::deletes).sum();
        }
    }

    /**
     * Which export, for whom.
     *
     * @param budget when more than one invocation may be needed: checked after every batch of rows (each
     *               invocation writes at least one); null runs the export to its end in this call
     */
    public record Request(InstallationId source, RowReader reader, BlobStore stream, String streamId, String flowId,
                          String movementId, FileGroupNotifier notifier, Budget budget) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(notifier, "notifier");
        }

        /** An export that runs to its end in one call. */
        public Request(InstallationId source, RowReader reader, BlobStore stream, String streamId, String flowId,
                       String movementId, FileGroupNotifier notifier) {
            this(source, reader, stream, streamId, flowId, movementId, notifier, null);
        }
    }

    public Exporter(MigrationPlan plan, BlocksFormat format, Clock clock, Settings settings) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs (or, when the stream holds this movement's checkpoint, continues) the movement's export. A
     * checkpoint of another movement means that one is still under way: STATE_STORE_UNAVAILABLE, retryable.
     */
    public Result export(Request request) {
        BlobStore stream = request.stream();
        List<FileListEntry> committed = new ArrayList<>(format.readFileList(stream, StreamLayout.FILE_LIST));
        ExportCheckpoint checkpoint = ExportCheckpoint.read(stream, format);
        if (checkpoint != null && !checkpoint.movementId().equals(request.movementId())) {
            throw new FerryException(ErrorCode.STATE_STORE_UNAVAILABLE, "stream " + request.streamId()
                    + " has the export of movement " + checkpoint.movementId() + " under way; try again later");
        }
        long sequence = checkpoint != null ? checkpoint.sequence()
                : committed.stream().mapToLong(FileListEntry::sequence).max().orElse(0) + 1;
        Instant exportTime = checkpoint != null ? checkpoint.exportTime() : clock.instant();
        List<DataType> types = new ArrayList<>();
        List<String> labelOfType = new ArrayList<>();
        Map<String, List<DataType>> byLabel = byLabel();
        byLabel.forEach((label, group) -> group.forEach(type -> {
            types.add(type);
            labelOfType.add(label);
        }));
        ExportCheckpoint at = checkpoint != null ? checkpoint
                : ExportCheckpoint.start(request.flowId(), request.movementId(), sequence, exportTime);
        List<FileListEntry> pending = new ArrayList<>(at.pending());
        boolean first = true;
        for (int i = at.typeIndex(); i < types.size(); i++) {
            DataType type = types.get(i);
            String label = labelOfType.get(i);
            boolean resuming = i == at.typeIndex() && at.partial();
            if (!first && !resuming && !mayContinue(request.budget())) {
                at.atType(i, pending).write(stream, format);
                return result(committed, sequence, byLabel, false, exportTime);
            }
            first = false;
            TypeExport export = new TypeExport(request, committed, type, label, sequence, exportTime,
                    resuming ? at : at.atType(i, pending));
            ExportCheckpoint stoppedAt = export.run(pending);
            if (stoppedAt != null) {
                stoppedAt.write(stream, format);
                return result(committed, sequence, byLabel, false, exportTime);
            }
            boolean lastOfLabel = i + 1 == types.size() || !labelOfType.get(i + 1).equals(label);
            if (lastOfLabel) {
                commitLabel(request, committed, label, sequence, pending);
                pending.clear();
                if (request.budget() != null) {
                    at.atType(i + 1, pending).write(stream, format); // a crash now must not commit the label twice
                }
            }
        }
        ExportCheckpoint.delete(stream);
        return result(committed, sequence, byLabel, true, exportTime);
    }

    private Map<String, List<DataType>> byLabel() {
        Map<String, List<DataType>> byLabel = new LinkedHashMap<>();
        for (DataType type : plan.dataTypes()) {
            String label = settings.labels().apply(type);
            if (!EventFileHeader.isValidId(label)) {
                throw new IllegalArgumentException("invalid File Group Label for " + type.name() + ": " + label);
            }
            byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(type);
        }
        return byLabel;
    }

    private static boolean mayContinue(Budget budget) {
        return budget == null || budget.allowsAnotherPage();
    }

    /** Appends the label's files to the File List (the commit point), writes the label's own File List, tells the notifier. */
    private void commitLabel(Request request, List<FileListEntry> committed, String label, long sequence,
                             List<FileListEntry> files) {
        boolean alreadyCommitted = committed.stream()
                .anyMatch(e -> e.sequence() == sequence && e.fileGroupLabel().equals(label));
        if (!alreadyCommitted) {
            committed.addAll(files);
            format.writeFileList(request.stream(), StreamLayout.FILE_LIST, committed);
        }
        List<FileListEntry> labelList = committed.stream().filter(e -> e.fileGroupLabel().equals(label)).toList();
        String labelListName = StreamLayout.labelFileList(request.movementId(), label);
        format.writeFileList(request.stream(), labelListName, labelList);
        request.notifier().groupComplete(new FileGroupEvent(FileGroupEvent.VERSION, request.flowId(),
                request.movementId(), request.streamId(), label, labelListName, labelList.size()));
    }

    private static Result result(List<FileListEntry> committed, long sequence, Map<String, List<DataType>> byLabel,
                                 boolean complete, Instant exportTime) {
        List<FileListEntry> added = committed.stream().filter(e -> e.sequence() == sequence).toList();
        return new Result(added.isEmpty() ? 0 : sequence, added, List.copyOf(byLabel.keySet()), complete, exportTime);
    }

    /**
     * One data type's part of an export, from the start or from a checkpoint inside it: upserts for new or
     * changed rows as they are read (rows already in the previous export's state unchanged are skipped),
     * deletes for the previous state's keys not seen, once every row has been read. The state index is
     * written in parts, one per invocation ({@link StreamLayout#statePart}).
     */
    private final class TypeExport {
        private final Request request;
        private final DataType type;
        private final String label;
        private final long sequence;
        private final ExportCheckpoint from;
        private final OptionalLong previous;
        private final EventFileKind kind;
        private final Instant exportTime;

        TypeExport(Request request, List<FileListEntry> committed, DataType type, String label, long sequence,
                   Instant exportTime, ExportCheckpoint from) {
            this.request = request;
            this.type = type;
            this.label = label;
            this.sequence = sequence;
            this.exportTime = exportTime;
            this.from = from;
            this.previous = StreamLayout.lastSequence(committed, type.name());
            this.kind = previous.isPresent() ? EventFileKind.DIFF : EventFileKind.SNAPSHOT;
        }

        /** Adds the type's finished files to {@code pending}; returns the checkpoint to continue from, or null when done. */
        ExportCheckpoint run(List<FileListEntry> pending) {
            BlobStore stream = request.stream();
            Map<String, String> before = new HashMap<>();
            if (previous.isPresent()) {
                forEachState(previous.getAsLong(), values -> before.put(Keys.keyHash(key(values)), hash(values)));
            }
            int[] pk = type.primaryKeyIndexes();
            List<List<Object>> lastKey = new ArrayList<>(1); // the last key written by earlier calls, if any
            for (int p = 1; p <= from.stateParts(); p++) {
                readState(StreamLayout.statePart(type.name(), sequence, p), values -> {
                    before.remove(Keys.keyHash(key(values)));
                    lastKey.clear();
                    lastKey.add(new ArrayList<>(key(values)));
                });
            }
            int statePart = from.stateParts() + 1;
            boolean typeHasFiles = pending.stream().anyMatch(e -> e.dataType().equals(type.name()));
            long[] rows = {from.rows()};
            String[] cursor = {from.cursor()};
            boolean[] stopped = {false};
            Budget budget = request.budget();
            try (EventFileWriter state = format.create(stream, StreamLayout.statePart(type.name(), sequence, statePart),
                    stateHeader(statePart), Integer.MAX_VALUE);
                 Parts parts = new Parts(request, type, label, sequence, kind, exportTime, from.part())) {
                RowReader.Position position = new RowReader.Position(from.cursor(),
                        lastKey.isEmpty() ? null : lastKey.get(0), from.rows());
                request.reader().readFrom(request.source(), type, position, batch -> {
                    long began = clock.millis();
                    for (Row row : batch.rows()) {
                        List<Object> key = Keys.key(row, pk);
                        String rowHash = Keys.rowHash(row);
                        List<Object> stateValues = new ArrayList<>(key);
                        stateValues.add(rowHash);
                        state.write(new EventRecord.Upsert(new Row(stateValues)));
                        if (!rowHash.equals(before.remove(Keys.keyHash(key)))) {
                            parts.write(new EventRecord.Upsert(row));
                        }
                    }
                    rows[0] += batch.rows().size();
                    cursor[0] = batch.cursorAfter();
                    if (budget == null || batch.last()) {
                        return true;
                    }
                    budget.recordPage(clock.millis() - began);
                    stopped[0] = !budget.allowsAnotherPage();
                    return !stopped[0];
                });
                if (stopped[0]) {
                    List<FileListEntry> files = parts.finish(false);
                    pending.addAll(files);
                    state.finish();
                    return from.within(cursor[0], rows[0], parts.part(), statePart, pending);
                }
                if (!before.isEmpty()) {
                    forEachState(previous.getAsLong(), values -> {
                        if (before.containsKey(Keys.keyHash(key(values)))) {
                            parts.write(new EventRecord.Delete(key(values)));
                        }
                    });
                }
                List<FileListEntry> files = parts.finish(kind == EventFileKind.SNAPSHOT && !typeHasFiles);
                pending.addAll(files);
                if (typeHasFiles || !files.isEmpty()) {
                    state.finish();
                } else {
                    for (int p = 1; p < statePart; p++) {
                        stream.delete(StreamLayout.statePart(type.name(), sequence, p));
                    }
                }
                return null;
            }
        }

        private EventFileHeader stateHeader(int part) {
            String id = "state-" + sequence + "-" + safe(type.name()) + (part == 1 ? "" : "-p" + part);
            return EventFileHeader.start(id, label, request.flowId(), request.movementId(), sequence, part,
                    EventFileKind.SNAPSHOT, stateType(type), exportTime);
        }

        /** Every record of an export's state index (all its parts): the key values, then the content hash. */
        private void forEachState(long ofSequence, java.util.function.Consumer<List<Object>> consumer) {
            for (String name : StreamLayout.stateParts(request.stream(), type.name(), ofSequence)) {
                readState(name, consumer);
            }
        }

        private void readState(String name, java.util.function.Consumer<List<Object>> consumer) {
            try (EventFileReader reader = format.open(request.stream(), name)) {
                for (EventRecord r = reader.next(); r != null; r = reader.next()) {
                    consumer.accept(((EventRecord.Upsert) r).row().values());
                }
            }
        }

        private static List<Object> key(List<Object> stateValues) {
            return stateValues.subList(0, stateValues.size() - 1);
        }

        private static String hash(List<Object> stateValues) {
            return (String) stateValues.get(stateValues.size() - 1);
        }
    }

    /** The state index's columns: the key columns, then the content hash. */
    static DataType stateType(DataType type) {
        List<Column> columns = new ArrayList<>();
        for (int i : type.primaryKeyIndexes()) {
            columns.add(type.columns().get(i));
        }
        columns.add(new Column(StreamLayout.HASH_COLUMN, ColumnType.STRING, 64, null, null, false));
        return new DataType(type.name(), type.remotePath(), type.table(), columns, type.primaryKey(), type.pageSize(),
                type.order());
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The Event Files of one data type in one export (or one invocation's share of it), a new part every
     * maxRecordsPerFile records.
     */
    private final class Parts implements AutoCloseable {
        private final Request request;
        private final DataType type;
        private final String label;
        private final long sequence;
        private final EventFileKind kind;
        private final Instant exportTime;
        private final List<FileListEntry> finished = new ArrayList<>();
        private EventFileWriter current;
        private int part;

        Parts(Request request, DataType type, String label, long sequence, EventFileKind kind, Instant exportTime,
              int partsBefore) {
            this.part = partsBefore;
            this.request = request;
            this.type = type;
            this.label = label;
            this.sequence = sequence;
            this.kind = kind;
            this.exportTime = exportTime;
        }

        void write(EventRecord record) {
            if (current == null) {
                open();
            }
            current.write(record);
            if (current.records() >= settings.maxRecordsPerFile()) {
                finished.add(current.finish());
                current.close();
                current = null;
            }
        }

        /** The number of the last part opened (those of earlier invocations included). */
        int part() {
            return part;
        }

        private void open() {
            part++;
            byte[] random = new byte[4];
            RANDOM.nextBytes(random);
            String fileId = "s" + sequence + "-" + safe(type.name()) + "-p" + part + "-" + HexFormat.of().formatHex(random);
            EventFileHeader header = EventFileHeader.start(fileId, label, request.flowId(), request.movementId(),
                    sequence, part, kind, type, exportTime);
            current = format.create(request.stream(), StreamLayout.eventFile(fileId), header, settings.binaryThreshold());
        }

        /** @param evenIfEmpty write one empty file when no record came (a snapshot of an empty data type) */
        List<FileListEntry> finish(boolean evenIfEmpty) {
            if (current == null && finished.isEmpty() && evenIfEmpty) {
                open();
            }
            if (current != null) {
                finished.add(current.finish());
                current.close();
                current = null;
            }
            return finished;
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }
}
