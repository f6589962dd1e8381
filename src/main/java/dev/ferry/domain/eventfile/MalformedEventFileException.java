package dev.ferry.domain.eventfile;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;

/**
 * An Event File (or File List, or state index) that cannot be read: the message names the file and
 * the 1-based line. Permanent: reading it again gives the same answer.
 */
public final class MalformedEventFileException extends FerryException {
    private final String file;
    private final long line;

    public MalformedEventFileException(String file, long line, String problem) {
        super(ErrorCode.INVALID_MESSAGE, file + " line " + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The 1-based line number where the problem was found. */
    public long line() {
        return line;
    }
}
