package dev.ferry.app.port;

import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventRecord;

/**
 * Reads one Event File, streaming, one line at a time. Values come typed by the header's columns
 * (binary references resolved and checked); anything malformed, and a record count that differs
 * from the header's, is a {@link dev.ferry.domain.eventfile.MalformedEventFileException} naming the line.
 */
public interface EventFileReader extends AutoCloseable {
    EventFileHeader header();

    /** The next record, or null after the last one (when the count has been checked). */
    EventRecord next();

    @Override
    void close();
}
