package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.DamagedArchiveException;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.eventfile.MalformedEventFileException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Backup and restore: an installation's snapshot export as one downloadable zip archive — its
 * {@link BackupManifest} first, then the File List, Event Files, Binary Files and state index — and
 * its restore into the same or another installation.
 *
 * <p>A restore checks everything before it writes anything: the zip must be whole (its central
 * directory is read, so a truncated archive fails), hold exactly the manifest's entries with their
 * sizes and SHA-256, and every listed Event File must read to its end (header, every line, the
 * header's record count, every Binary File it refers to). Only then is the data imported. After the
 * import, rows of the archived data types that the backup does not hold are deleted, so the
 * destination's data types equal the backup even when it was not empty.
 */
public final class Backups {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BlocksFormat format;
    private final Exporter exporter;
    private final Importer importer;
    private final RowDeleter deleter;
    private final Clock clock;

    public Backups(BlocksFormat format, Exporter exporter, Importer importer, RowDeleter deleter, Clock clock) {
        this.format = Objects.requireNonNull(format, "format");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
        this.importer = Objects.requireNonNull(importer, "importer");
        this.deleter = Objects.requireNonNull(deleter, "deleter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a restore did. */
    public record RestoreResult(BackupManifest manifest, Importer.Result imported, long extraRowsDeleted) {
    }

    /**
     * Exports {@code installation} from {@code source} into {@code scratch} (an empty store) and
     * writes the archive to {@code archive}.
     */
    public BackupManifest backup(InstallationId installation, RowReader source, BlobStore scratch, Path archive) {
        if (!scratch.list("").isEmpty()) {
            throw new IllegalArgumentException("the scratch store for a backup must be empty");
        }
        String stamp = STAMP.format(clock.instant());
        String streamId = "backup-" + installation.value() + "-" + stamp;
        Exporter.Result export = exporter.export(new Exporter.Request(installation, source, scratch, streamId, "backup",
                "backup-" + stamp, event -> { }));
        List<BackupManifest.Entry> entries = new ArrayList<>();
        for (String name : scratch.list("")) {
            entries.add(describe(scratch, name));
        }
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, installation.value(),
                importer.plan().name(), streamId, clock.instant(), export.upserts(), entries);
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(BackupManifest.NAME));
            zip.write(format.encode(manifest));
            zip.closeEntry();
            for (BackupManifest.Entry entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.path()));
                try (InputStream in = scratch.open(entry.path())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new FerryException(dev.ferry.domain.error.ErrorCode.SINK_UNAVAILABLE,
                    "cannot write the archive " + archive.getFileName() + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    /**
     * Checks {@code archive} whole (extracting it into {@code scratch}, an empty store), then
     * restores it into {@code destination}; {@code destinationReader} reads the destination's rows
     * to find those the backup does not hold. Throws {@link DamagedArchiveException} before writing
     * anything to the destination if the archive is damaged.
     */
    public RestoreResult restore(Path archive, BlobStore scratch, InstallationId destination, RowReader destinationReader) {
        BackupManifest manifest = verifyAndExtract(archive, scratch);
        List<FileListEntry> entries = format.readFileList(scratch, StreamLayout.FILE_LIST);
        Importer.Result imported = importer.importFiles(destination, scratch, manifest.streamId(), entries,
                Importer.Mode.RESTART);
        long deleted = 0;
        for (DataType type : importer.plan().dataTypes()) {
            OptionalLong sequence = StreamLayout.lastSequence(entries, type.name());
            if (sequence.isPresent()) {
                deleted += deleteRowsNotIn(scratch, StreamLayout.state(type.name(), sequence.getAsLong()), destination,
                        type, destinationReader);
            }
        }
        return new RestoreResult(manifest, imported, deleted);
    }

    /** Every check of {@link #restore} that needs no destination; returns the manifest, leaves the entries in {@code scratch}. */
    public BackupManifest verifyAndExtract(Path archive, BlobStore scratch) {
        if (!scratch.list("").isEmpty()) {
            throw new IllegalArgumentException("the scratch store for a restore must be empty");
        }
        BackupManifest manifest;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            manifest = readManifest(zip);
            Map<String, BackupManifest.Entry> expected = new HashMap<>();
            for (BackupManifest.Entry entry : manifest.entries()) {
                if (entry.path() == null || !SAFE_PATH.matcher(entry.path()).matches() || entry.path().contains("..")
                        || entry.path().equals(BackupManifest.NAME) || expected.put(entry.path(), entry) != null) {
                    throw new DamagedArchiveException("the manifest lists an invalid or repeated path: " + entry.path());
                }
            }
            Set<String> seen = new HashSet<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry zipEntry = all.nextElement();
                String name = zipEntry.getName();
                if (name.equals(BackupManifest.NAME)) {
                    continue;
                }
                BackupManifest.Entry entry = expected.get(name);
                if (entry == null || !seen.add(name)) {
                    throw new DamagedArchiveException("entry " + name + " is not in the manifest (or repeated)");
                }
                copyChecked(zip, zipEntry, entry, scratch);
            }
            for (String name : expected.keySet()) {
                if (!seen.contains(name)) {
                    throw new DamagedArchiveException("entry " + name + " listed in the manifest is missing");
                }
            }
        } catch (ZipException e) {
            throw new DamagedArchiveException("not a complete zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DamagedArchiveException("cannot read the archive (" + e.getMessage() + ")", e);
        }
        checkEventFiles(scratch, manifest);
        return manifest;
    }

    private BackupManifest readManifest(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.NAME);
        if (entry == null) {
            throw new DamagedArchiveException("no " + BackupManifest.NAME);
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = format.decode(in.readAllBytes(), BackupManifest.class, BackupManifest.NAME);
        } catch (FerryException e) {
            throw new DamagedArchiveException(BackupManifest.NAME + " is unreadable: " + e.getMessage(), e);
        }
        if (manifest.formatVersion() != BackupManifest.FORMAT_VERSION) {
            throw new DamagedArchiveException("unsupported manifest version " + manifest.formatVersion());
        }
        if (manifest.streamId() == null || !dev.ferry.domain.eventfile.EventFileHeader.isValidId(manifest.streamId())) {
            throw new DamagedArchiveException("the manifest has no valid stream id");
        }
        return manifest;
    }

    private static void copyChecked(ZipFile zip, ZipEntry zipEntry, BackupManifest.Entry entry, BlobStore scratch) {
        MessageDigest digest = BinaryFiles.sha256();
        long[] size = new long[1];
        scratch.write(entry.path(), out -> {
            try (InputStream in = zip.getInputStream(zipEntry)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    size[0] += n;
                    if (size[0] > entry.bytes()) {
                        throw new DamagedArchiveException(entry.path() + " is longer than the manifest says");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (ZipException e) {
                throw new DamagedArchiveException(entry.path() + " is corrupt (" + e.getMessage() + ")", e);
            }
        });
        String sha = HexFormat.of().formatHex(digest.digest());
        if (size[0] != entry.bytes() || !sha.equals(entry.sha256())) {
            throw new DamagedArchiveException(entry.path() + " does not match the manifest (" + size[0] + " bytes, sha256 "
                    + sha + "; manifest: " + entry.bytes() + " bytes, sha256 " + entry.sha256() + ")");
        }
    }

    private void checkEventFiles(BlobStore scratch, BackupManifest manifest) {
        Set<String> paths = new HashSet<>();
        manifest.entries().forEach(e -> paths.add(e.path()));
        if (!paths.contains(StreamLayout.FILE_LIST)) {
            throw new DamagedArchiveException("no " + StreamLayout.FILE_LIST);
        }
        try {
            for (FileListEntry entry : format.readFileList(scratch, StreamLayout.FILE_LIST)) {
                if (!paths.contains(entry.name())) {
                    throw new DamagedArchiveException("event file " + entry.name() + " is listed but not archived");
                }
                Importer.verify(scratch, entry);
                readToEnd(scratch, entry.name());
                String state = StreamLayout.state(entry.dataType(), entry.sequence());
                if (!paths.contains(state)) {
                    throw new DamagedArchiveException("state index " + state + " is missing");
                }
                readToEnd(scratch, state);
            }
        } catch (MalformedEventFileException e) {
            throw new DamagedArchiveException(e.getMessage(), e);
        } catch (FerryException e) {
            if (e instanceof DamagedArchiveException) {
                throw e;
            }
            throw new DamagedArchiveException(e.getMessage(), e);
        }
    }

    private void readToEnd(BlobStore store, String name) {
        try (var reader = format.open(store, name)) {
            while (reader.next() != null) {
                // every line parsed, every Binary File resolved and checked, the record count compared
            }
        }
    }

    private long deleteRowsNotIn(BlobStore scratch, String stateName, InstallationId destination, DataType type,
                                 RowReader destinationReader) {
        Set<String> kept = new HashSet<>();
        try (EventFileReader state = format.open(scratch, stateName)) {
            for (EventRecord r = state.next(); r != null; r = state.next()) {
                List<Object> values = ((EventRecord.Upsert) r).row().values();
                kept.add(Keys.keyHash(values.subList(0, values.size() - 1)));
            }
        }
        int[] pk = type.primaryKeyIndexes();
        List<List<Object>> extra = new ArrayList<>();
        destinationReader.forEachRow(destination, type, row -> {
            List<Object> key = Keys.key(row, pk);
            if (!kept.contains(Keys.keyHash(key))) {
                extra.add(key);
            }
        });
        for (int from = 0; from < extra.size(); from += 500) {
            deleter.delete(destination, type, extra.subList(from, Math.min(extra.size(), from + 500)));
        }
        return extra.size();
    }

    private static BackupManifest.Entry describe(BlobStore store, String name) {
        MessageDigest digest = BinaryFiles.sha256();
        long size = 0;
        try (InputStream in = store.open(name)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new FerryException(dev.ferry.domain.error.ErrorCode.SINK_UNAVAILABLE, "cannot read " + name, e);
        }
        return new BackupManifest.Entry(name, size, HexFormat.of().formatHex(digest.digest()));
    }

}
