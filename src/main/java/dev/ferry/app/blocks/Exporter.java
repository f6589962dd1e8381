package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.app.port.FileGroupNotifier;
import dev.ferry.app.port.RowReader;
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

    /** What one export added to the stream. */
    public record Result(long sequence, List<FileListEntry> files, List<String> labels) {
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

    /** Which export, for whom. */
    public record Request(InstallationId source, RowReader reader, BlobStore stream, String streamId, String flowId,
                          String movementId, FileGroupNotifier notifier) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(notifier, "notifier");
        }
    }

    public Exporter(MigrationPlan plan, BlocksFormat format, Clock clock, Settings settings) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Result export(Request request) {
        List<FileListEntry> committed = new ArrayList<>(format.readFileList(request.stream(), StreamLayout.FILE_LIST));
        long sequence = committed.stream().mapToLong(FileListEntry::sequence).max().orElse(0) + 1;
        Instant exportTime = clock.instant();
        Map<String, List<DataType>> byLabel = new LinkedHashMap<>();
        for (DataType type : plan.dataTypes()) {
            String label = settings.labels().apply(type);
            if (!EventFileHeader.isValidId(label)) {
                throw new IllegalArgumentException("invalid File Group Label for " + type.name() + ": " + label);
            }
            byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(type);
        }
        List<FileListEntry> added = new ArrayList<>();
        for (Map.Entry<String, List<DataType>> group : byLabel.entrySet()) {
            String label = group.getKey();
            List<FileListEntry> files = new ArrayList<>();
            for (DataType type : group.getValue()) {
                files.addAll(exportType(request, committed, type, label, sequence, exportTime));
            }
            committed.addAll(files);
            added.addAll(files);
            format.writeFileList(request.stream(), StreamLayout.FILE_LIST, committed);
            List<FileListEntry> labelList = committed.stream().filter(e -> e.fileGroupLabel().equals(label)).toList();
            String labelListName = StreamLayout.labelFileList(request.movementId(), label);
            format.writeFileList(request.stream(), labelListName, labelList);
            request.notifier().groupComplete(new FileGroupEvent(FileGroupEvent.VERSION, request.flowId(),
                    request.movementId(), request.streamId(), label, labelListName, labelList.size()));
        }
        return new Result(added.isEmpty() ? 0 : sequence, List.copyOf(added), List.copyOf(byLabel.keySet()));
    }

    private List<FileListEntry> exportType(Request request, List<FileListEntry> committed, DataType type, String label,
                                           long sequence, Instant exportTime) {
        BlobStore stream = request.stream();
        OptionalLong previous = StreamLayout.lastSequence(committed, type.name());
        EventFileKind kind = previous.isPresent() ? EventFileKind.DIFF : EventFileKind.SNAPSHOT;
        Map<String, String> before = previous.isPresent()
                ? loadState(stream, StreamLayout.state(type.name(), previous.getAsLong())) : new HashMap<>();
        DataType stateType = stateType(type);
        int[] pk = type.primaryKeyIndexes();
        String stateName = StreamLayout.state(type.name(), sequence);
        EventFileHeader stateHeader = EventFileHeader.start("state-" + sequence + "-" + safe(type.name()), label,
                request.flowId(), request.movementId(), sequence, 1, EventFileKind.SNAPSHOT, stateType, exportTime);
        try (EventFileWriter state = format.create(stream, stateName, stateHeader, Integer.MAX_VALUE);
             Parts parts = new Parts(request, type, label, sequence, kind, exportTime)) {
            request.reader().forEachRow(request.source(), type, row -> {
                List<Object> key = Keys.key(row, pk);
                String keyHash = Keys.keyHash(key);
                String rowHash = Keys.rowHash(row);
                List<Object> stateValues = new ArrayList<>(key);
                stateValues.add(rowHash);
                state.write(new EventRecord.Upsert(new Row(stateValues)));
                String old = before.remove(keyHash);
                if (!rowHash.equals(old)) {
                    parts.write(new EventRecord.Upsert(row));
                }
            });
            if (!before.isEmpty()) {
                String oldState = StreamLayout.state(type.name(), previous.getAsLong());
                try (EventFileReader old = format.open(stream, oldState)) {
                    for (EventRecord r = old.next(); r != null; r = old.next()) {
                        List<Object> values = ((EventRecord.Upsert) r).row().values();
                        List<Object> key = values.subList(0, values.size() - 1);
                        if (before.containsKey(Keys.keyHash(key))) {
                            parts.write(new EventRecord.Delete(key));
                        }
                    }
                }
            }
            List<FileListEntry> files = parts.finish(kind == EventFileKind.SNAPSHOT);
            if (!files.isEmpty()) {
                state.finish();
            }
            return files;
        }
    }

    private Map<String, String> loadState(BlobStore stream, String name) {
        Map<String, String> hashes = new HashMap<>();
        try (EventFileReader reader = format.open(stream, name)) {
            for (EventRecord r = reader.next(); r != null; r = reader.next()) {
                List<Object> values = ((EventRecord.Upsert) r).row().values();
                hashes.put(Keys.keyHash(values.subList(0, values.size() - 1)), (String) values.get(values.size() - 1));
            }
        }
        return hashes;
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

    /** The Event Files of one data type in one export, a new part every maxRecordsPerFile records. */
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

        Parts(Request request, DataType type, String label, long sequence, EventFileKind kind, Instant exportTime) {
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
