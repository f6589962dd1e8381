package dev.ferry.domain.eventfile;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The first line of an Event File. Atlassian's export-file header fields ({@code columns} with name,
 * type, size and nullable; {@code primaryKeys}; {@code table}; {@code rowCount}; {@code exportTime})
 * plus what Ferry needs: {@code formatVersion}, {@code fileId}, {@code fileGroupLabel},
 * {@code flowId}, {@code movementId}, {@code sequence} (the export of the source this file belongs
 * to, increasing), {@code part} (files of one data type in one export), {@code kind} and
 * {@code dataType}.
 *
 * @param rowCount the number of data records after the header (upserts and deletes)
 */
public record EventFileHeader(int formatVersion, String fileId, String fileGroupLabel, String flowId, String movementId,
                              long sequence, int part, EventFileKind kind, String dataType, String table,
                              List<Column> columns, List<String> primaryKeys, long rowCount, Instant exportTime) {
    public static final int FORMAT_VERSION = 1;
    /** Ids and labels: letters, digits, {@code . _ -}; they become parts of file names. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public EventFileHeader {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported event file format version " + formatVersion
                    + " (this reader knows " + FORMAT_VERSION + ")");
        }
        requireId("fileId", fileId);
        requireId("fileGroupLabel", fileGroupLabel);
        requireId("flowId", flowId);
        requireId("movementId", movementId);
        if (sequence < 1 || part < 1 || rowCount < 0) {
            throw new IllegalArgumentException("sequence and part must be positive, rowCount not negative");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(exportTime, "exportTime");
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("no columns");
        }
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate column " + c.name());
            }
        }
        if (primaryKeys == null || primaryKeys.isEmpty()) {
            throw new IllegalArgumentException("no primary keys");
        }
        primaryKeys = List.copyOf(primaryKeys);
        for (String pk : primaryKeys) {
            if (!names.contains(pk.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("primary key " + pk + " is not a column");
            }
        }
    }

    /** The header of a new file for {@code dataType}; {@code rowCount} is filled in when the file is finished. */
    public static EventFileHeader start(String fileId, String label, String flowId, String movementId, long sequence,
                                        int part, EventFileKind kind, DataType dataType, Instant exportTime) {
        return new EventFileHeader(FORMAT_VERSION, fileId, label, flowId, movementId, sequence, part, kind,
                dataType.name(), dataType.table(), dataType.columns(), dataType.primaryKey(), 0, exportTime);
    }

    public EventFileHeader withRowCount(long count) {
        return new EventFileHeader(formatVersion, fileId, fileGroupLabel, flowId, movementId, sequence, part, kind,
                dataType, table, columns, primaryKeys, count, exportTime);
    }

    /** Positions of the primary key columns within {@link #columns()}. */
    public int[] primaryKeyIndexes() {
        List<String> lower = columns.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        return primaryKeys.stream().mapToInt(pk -> lower.indexOf(pk.toLowerCase(Locale.ROOT))).toArray();
    }

    /** The primary key columns, in {@link #primaryKeys()} order. */
    public List<Column> keyColumns() {
        int[] indexes = primaryKeyIndexes();
        return java.util.Arrays.stream(indexes).mapToObj(columns::get).toList();
    }

    /** Whether {@code value} may be used as an id or label. */
    public static boolean isValidId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    static void requireId(String what, String value) {
        if (!isValidId(value)) {
            throw new IllegalArgumentException(what + " must match " + ID.pattern() + ": "
                    + (value == null ? "null" : value.length() > 60 ? value.substring(0, 60) + "…" : value));
        }
    }
}
