package dev.ferry.domain.eventfile;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a File List: an Event File and the metadata an importer needs to decide whether to
 * read it (its label, data type, sequence, counts), and to check it (size and SHA-256).
 *
 * @param name    the file's name in the store, relative to the export stream
 * @param records data records (upserts + deletes)
 */
public record FileListEntry(String fileId, String name, String fileGroupLabel, String flowId, String movementId,
                            long sequence, int part, EventFileKind kind, String dataType, String table, long records,
                            long upserts, long deletes, long bytes, String sha256, Instant exportTime) {
    public FileListEntry {
        EventFileHeader.requireId("fileId", fileId);
        EventFileHeader.requireId("fileGroupLabel", fileGroupLabel);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dataType, "dataType");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (records != upserts + deletes || records < 0 || bytes < 0) {
            throw new IllegalArgumentException("records must be upserts + deletes");
        }
    }

    /** Orders entries so that a data type's files apply in export order. */
    public static final java.util.Comparator<FileListEntry> APPLY_ORDER = java.util.Comparator
            .comparingLong(FileListEntry::sequence)
            .thenComparing(FileListEntry::dataType)
            .thenComparingInt(FileListEntry::part);
}
