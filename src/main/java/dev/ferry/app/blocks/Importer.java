package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.ImportLedger;
import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Importer: applies the Event Files of a File List to an installation database, through the
 * core's {@link RowSink} (idempotent upserts) and a {@link RowDeleter}.
 *
 * <p>Files apply in export order (sequence, data type, part). Each file is first checked against its
 * File List entry (size and SHA-256), then streamed: upserts in batches (bounded by rows and bytes),
 * deletes in batches, in file order. Only after a whole file is written is it recorded in the
 * {@link ImportLedger} (write, then checkpoint): a crash part-way replays that file, which upserts
 * and deletes absorb. With {@link Mode#SKIP_IMPORTED} files already recorded are skipped; with
 * {@link Mode#RESTART} the ledger of the stream is forgotten and everything is applied again.
 *
 * <p>Event Files whose data type is not in the plan are ignored (counted, never failing), as
 * Atlassian requires of importers. A file of a known data type must name exactly the plan's columns
 * (any order) with the plan's types and key, else HEADERS_MISMATCH; every file's header is checked
 * before the first record is written.
 */
public final class Importer {
    private final MigrationPlan plan;
    private final BlocksFormat format;
    private final SchemaMigrator schema;
    private final RowSink sink;
    private final RowDeleter deleter;
    private final ImportLedger ledger;
    private final Clock clock;
    private final Settings settings;

    /** Bounds of one write: rows per batch and (estimated) bytes per batch. */
    public record Settings(int batchRows, long batchBytes) {
        public static final Settings DEFAULT = new Settings(500, 8L * 1024 * 1024);

        public Settings {
            if (batchRows < 1 || batchBytes < 1) {
                throw new IllegalArgumentException("batch bounds must be positive");
            }
        }
    }

    public enum Mode {
        /** Skip Event Files the destination has already imported (tracked by file id). */
        SKIP_IMPORTED,
        /** Forget what was imported from the stream and apply every listed file again. */
        RESTART
    }

    public record Result(List<String> imported, List<String> skipped, List<String> ignored, long upserts, long deletes) {
    }

    public Importer(MigrationPlan plan, BlocksFormat format, SchemaMigrator schema, RowSink sink, RowDeleter deleter,
                    ImportLedger ledger, Clock clock, Settings settings) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.format = Objects.requireNonNull(format, "format");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.deleter = Objects.requireNonNull(deleter, "deleter");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public MigrationPlan plan() {
        return plan;
    }

    /** Applies the listed files of the export stream {@code streamId} to {@code destination}. */
    public Result importFiles(InstallationId destination, BlobStore stream, String streamId, List<FileListEntry> entries,
                              Mode mode) {
        schema.migrate(destination, plan.schema());
        if (mode == Mode.RESTART) {
            ledger.forget(destination, streamId);
        }
        Set<String> done = ledger.imported(destination, streamId);
        List<String> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        long[] counts = new long[2];
        List<FileListEntry> ordered = entries.stream().sorted(FileListEntry.APPLY_ORDER).toList();
        for (FileListEntry entry : ordered) {
            if (!done.contains(entry.fileId()) && plan.dataType(entry.dataType()).isPresent()) {
                checkHeader(stream, entry, plan.requireDataType(entry.dataType()));
            }
        }
        for (FileListEntry entry : ordered) {
            if (done.contains(entry.fileId())) {
                skipped.add(entry.fileId());
                continue;
            }
            Optional<DataType> type = plan.dataType(entry.dataType());
            if (type.isEmpty()) {
                ignored.add(entry.fileId());
                continue;
            }
            verify(stream, entry);
            apply(destination, stream, entry, type.get(), counts);
            ledger.record(destination, streamId, entry, clock.instant());
            imported.add(entry.fileId());
        }
        return new Result(imported, skipped, ignored, counts[0], counts[1]);
    }

    /** Checks a stored Event File against its File List entry: size and SHA-256. */
    public static void verify(BlobStore stream, FileListEntry entry) {
        MessageDigest digest = BinaryFiles.sha256();
        long size = 0;
        try (InputStream in = stream.open(entry.name())) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + entry.name() + ": " + e.getMessage(), e);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (size != entry.bytes() || !sha.equals(entry.sha256())) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "event file " + entry.name() + " does not match its "
                    + "File List entry (" + size + " bytes, sha256 " + sha + "; listed " + entry.bytes() + " bytes, sha256 "
                    + entry.sha256() + ")");
        }
    }

    /**
     * Before anything is written: each file to apply must be the one its entry names, with the plan's
     * columns, types and key, so a stream made for another plan fails whole rather than half-way.
     */
    private void checkHeader(BlobStore stream, FileListEntry entry, DataType type) {
        try (EventFileReader reader = format.open(stream, entry.name())) {
            matches(entry, reader.header());
            mapColumns(type, reader.header());
            mapKey(type, reader.header());
        }
    }

    private static void matches(FileListEntry entry, EventFileHeader header) {
        if (!header.fileId().equals(entry.fileId()) || !header.dataType().equals(entry.dataType())) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, entry.name() + ": header names file "
                    + header.fileId() + " of " + header.dataType() + ", the File List " + entry.fileId() + " of "
                    + entry.dataType());
        }
    }

    private void apply(InstallationId destination, BlobStore stream, FileListEntry entry, DataType type, long[] counts) {
        try (EventFileReader reader = format.open(stream, entry.name())) {
            EventFileHeader header = reader.header();
            matches(entry, header);
            int[] planIndexOfHeader = mapColumns(type, header);
            int[] keyOrder = mapKey(type, header);
            List<Row> upserts = new ArrayList<>();
            List<List<Object>> deletes = new ArrayList<>();
            long bytes = 0;
            for (EventRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof EventRecord.Upsert u) {
                    if (!deletes.isEmpty()) {
                        flushDeletes(destination, type, deletes, counts);
                    }
                    Row row = reorder(u.row(), planIndexOfHeader);
                    upserts.add(row);
                    bytes += estimate(row);
                    if (upserts.size() >= settings.batchRows() || bytes >= settings.batchBytes()) {
                        flushUpserts(destination, type, upserts, counts);
                        bytes = 0;
                    }
                } else if (record instanceof EventRecord.Delete d) {
                    if (!upserts.isEmpty()) {
                        flushUpserts(destination, type, upserts, counts);
                        bytes = 0;
                    }
                    List<Object> key = new ArrayList<>(keyOrder.length);
                    for (int i : keyOrder) {
                        key.add(d.key().get(i));
                    }
                    deletes.add(key);
                    if (deletes.size() >= settings.batchRows()) {
                        flushDeletes(destination, type, deletes, counts);
                    }
                }
            }
            flushUpserts(destination, type, upserts, counts);
            flushDeletes(destination, type, deletes, counts);
        }
    }

    private void flushUpserts(InstallationId destination, DataType type, List<Row> rows, long[] counts) {
        if (!rows.isEmpty()) {
            sink.upsert(destination, type, List.copyOf(rows));
            counts[0] += rows.size();
            rows.clear();
        }
    }

    private void flushDeletes(InstallationId destination, DataType type, List<List<Object>> keys, long[] counts) {
        if (!keys.isEmpty()) {
            deleter.delete(destination, type, List.copyOf(keys));
            counts[1] += keys.size();
            keys.clear();
        }
    }

    /** For each header column, its position in the plan's columns; the header must name exactly the plan's columns and types. */
    static int[] mapColumns(DataType type, EventFileHeader header) {
        Map<String, Integer> planIndex = new HashMap<>();
        for (int i = 0; i < type.columns().size(); i++) {
            planIndex.put(type.columns().get(i).name().toLowerCase(Locale.ROOT), i);
        }
        List<String> problems = new ArrayList<>();
        int[] mapping = new int[header.columns().size()];
        boolean[] covered = new boolean[type.columns().size()];
        for (int h = 0; h < header.columns().size(); h++) {
            Column column = header.columns().get(h);
            Integer index = planIndex.get(column.name().toLowerCase(Locale.ROOT));
            if (index == null) {
                problems.add("unknown column " + column.name());
                continue;
            }
            Column planned = type.columns().get(index);
            if (planned.type() != column.type()) {
                problems.add("column " + column.name() + " is " + column.type() + ", the plan says " + planned.type());
            }
            covered[index] = true;
            mapping[h] = index;
        }
        for (int i = 0; i < covered.length; i++) {
            if (!covered[i]) {
                problems.add("missing column " + type.columns().get(i).name());
            }
        }
        if (!problems.isEmpty()) {
            throw new FerryException(ErrorCode.HEADERS_MISMATCH, header.fileId() + " (" + type.name()
                    + ") does not match the plan: " + String.join("; ", problems));
        }
        return mapping;
    }

    /** For each plan key column, its position in the header's primaryKeys. */
    static int[] mapKey(DataType type, EventFileHeader header) {
        List<String> headerKey = header.primaryKeys().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        List<String> planKey = type.primaryKey().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        if (headerKey.size() != planKey.size() || !headerKey.containsAll(planKey)) {
            throw new FerryException(ErrorCode.HEADERS_MISMATCH, header.fileId() + " (" + type.name()
                    + ") has primary key " + header.primaryKeys() + ", the plan " + type.primaryKey());
        }
        return planKey.stream().mapToInt(headerKey::indexOf).toArray();
    }

    private static Row reorder(Row row, int[] planIndexOfHeader) {
        Object[] values = new Object[planIndexOfHeader.length];
        for (int h = 0; h < planIndexOfHeader.length; h++) {
            values[planIndexOfHeader[h]] = row.get(h);
        }
        return new Row(java.util.Arrays.asList(values));
    }

    private static long estimate(Row row) {
        long bytes = 0;
        for (Object v : row.values()) {
            bytes += v instanceof byte[] b ? b.length : v instanceof String s ? 3L * s.length()
                    : v instanceof JsonText j ? 3L * j.json().length() : 16;
        }
        return bytes;
    }

}
