package dev.ferry.app.port;

import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.FileListEntry;
import java.util.List;

/**
 * The file formats of App Migration Building Blocks: Event Files (JSONL), File Lists (JSONL, one
 * entry per line) and small JSON documents (flows, movements, manifests, notifications).
 */
public interface BlocksFormat {

    /**
     * A writer for a new Event File named {@code name} in {@code stream}; binary values of at least
     * {@code binaryThreshold} bytes are stored as Binary Files in the same stream.
     */
    EventFileWriter create(BlobStore stream, String name, EventFileHeader header, int binaryThreshold);

    EventFileReader open(BlobStore stream, String name);

    void writeFileList(BlobStore store, String name, List<FileListEntry> entries);

    /** The entries of a File List, or an empty list if there is none of that name. */
    List<FileListEntry> readFileList(BlobStore store, String name);

    /** A document (a record of plain values) as JSON bytes. */
    byte[] encode(Object document);

    <T> T decode(byte[] json, Class<T> type, String what);
}
