package dev.ferry.app.port;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where Event Files, Binary Files, File Lists and flow records are kept: named blobs, names being
 * {@code /}-separated paths of {@code [A-Za-z0-9._-]} segments. A file system locally. Writes are
 * atomic (a reader sees a blob whole or not at all) and replace any blob of the same name. I/O
 * failures are SINK_UNAVAILABLE (retryable); a missing blob is INVALID_MESSAGE.
 */
public interface BlobStore {

    /** Writes a blob through {@code content}; it becomes visible only once {@code content} returns. */
    void write(String name, Content content);

    /**
     * Creates a small blob only if none of that name exists, atomically: of two concurrent callers
     * exactly one gets true. For locks.
     */
    boolean createIfAbsent(String name, byte[] content);

    /** Reads a blob; the caller closes the stream. */
    InputStream open(String name);

    boolean exists(String name);

    /** Size in bytes of an existing blob. */
    long size(String name);

    /** Names (relative to this store) of every blob under {@code prefix} (a folder, or "" for all), sorted. */
    List<String> list(String prefix);

    /** Removes a blob if present. */
    void delete(String name);

    /** A view of the blobs under {@code prefix}, named relative to it. */
    BlobStore at(String prefix);

    /** Writes a blob's bytes. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
