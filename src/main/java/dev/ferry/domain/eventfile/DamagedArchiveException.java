package dev.ferry.domain.eventfile;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;

/** A backup archive that is truncated, edited or incomplete; raised before anything is written. Permanent. */
public final class DamagedArchiveException extends FerryException {
    public DamagedArchiveException(String message) {
        super(ErrorCode.INVALID_MESSAGE, "damaged backup archive: " + message);
    }

    public DamagedArchiveException(String message, Throwable cause) {
        super(ErrorCode.INVALID_MESSAGE, "damaged backup archive: " + message, cause);
    }
}
