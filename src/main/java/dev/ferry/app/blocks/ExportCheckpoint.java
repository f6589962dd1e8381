package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.FileListEntry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where an export that ran out of time continues ({@link StreamLayout#CHECKPOINT}): written by the
 * exporter when it stops and after each label it commits, deleted when the export ends. One at a
 * time per stream; it belongs to one movement.
 *
 * @param typeIndex  the data type to continue with, in export order (labels in plan order, their types in plan order)
 * @param cursor     the remote's cursor after the last batch of that type written (null: from its start, or by key)
 * @param rows       rows of that type read so far
 * @param part       Event File parts of that type written so far
 * @param stateParts parts of that type's state index written so far (the last key read is the last one there)
 * @param pending    Event Files finished but not yet committed: the current label's
 */
record ExportCheckpoint(String flowId, String movementId, long sequence, Instant exportTime, int typeIndex,
                        String cursor, long rows, int part, int stateParts, List<FileListEntry> pending) {
    ExportCheckpoint {
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    static ExportCheckpoint start(String flowId, String movementId, long sequence, Instant exportTime) {
        return new ExportCheckpoint(flowId, movementId, sequence, exportTime, 0, null, 0, 0, 0, List.of());
    }

    /** Whether it stopped inside a data type (rather than before one). */
    boolean partial() {
        return stateParts > 0;
    }

    /** At the start of the type with that index. */
    ExportCheckpoint atType(int index, List<FileListEntry> pendingFiles) {
        return new ExportCheckpoint(flowId, movementId, sequence, exportTime, index, null, 0, 0, 0, pendingFiles);
    }

    /** Inside the current type, after what this invocation wrote. */
    ExportCheckpoint within(String cursorAfter, long rowsRead, int partsWritten, int statePartsWritten,
                            List<FileListEntry> pendingFiles) {
        return new ExportCheckpoint(flowId, movementId, sequence, exportTime, typeIndex, cursorAfter, rowsRead,
                partsWritten, statePartsWritten, pendingFiles);
    }

    void write(BlobStore stream, BlocksFormat format) {
        stream.write(StreamLayout.CHECKPOINT, out -> out.write(format.encode(this)));
    }

    /** The stream's checkpoint, or null when no export is under way. */
    static ExportCheckpoint read(BlobStore stream, BlocksFormat format) {
        if (!stream.exists(StreamLayout.CHECKPOINT)) {
            return null;
        }
        try (InputStream in = stream.open(StreamLayout.CHECKPOINT)) {
            return format.decode(in.readAllBytes(), ExportCheckpoint.class, StreamLayout.CHECKPOINT);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + StreamLayout.CHECKPOINT + ": "
                    + e.getMessage(), e);
        }
    }

    static void delete(BlobStore stream) {
        stream.delete(StreamLayout.CHECKPOINT);
    }
}
