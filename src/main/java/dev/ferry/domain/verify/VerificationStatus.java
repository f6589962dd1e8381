package dev.ferry.domain.verify;

/** Where one data type's verification stands. */
public enum VerificationStatus {
    /** Started, with a saved position to resume from. */
    RUNNING,
    /** Compared to the end; the counts are final. */
    DONE,
    /** Stopped by a permanent error; see the record's last error. */
    FAILED
}
