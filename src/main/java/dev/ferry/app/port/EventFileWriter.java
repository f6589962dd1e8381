package dev.ferry.app.port;

import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;

/**
 * Writes one Event File, streaming: records go to a spool as they come, and {@link #finish()} stores
 * the header (with the final row count) followed by the records. Closing without finishing discards it.
 */
public interface EventFileWriter extends AutoCloseable {
    void write(EventRecord record);

    /** Number of records written so far. */
    long records();

    /** Stores the file and describes it for the File List. */
    FileListEntry finish();

    @Override
    void close();
}
