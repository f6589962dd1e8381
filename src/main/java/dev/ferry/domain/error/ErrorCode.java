package dev.ferry.domain.error;

/**
 * Every failure Ferry can name, each either retryable (the message goes back to the queue and is
 * delivered again, up to the queue's receive limit) or permanent (the job is marked FAILED with the
 * reason and the message is acknowledged).
 */
public enum ErrorCode {
    REMOTE_UNAVAILABLE(true),
    REMOTE_RATE_LIMITED(true),
    REMOTE_MALFORMED_RESPONSE(true),
    REMOTE_REJECTED(false),
    HEADERS_MISMATCH(false),
    ROW_ARITY(false),
    VALUE_CONVERSION(false),
    ROW_TOO_LARGE(false),
    CURSOR_NOT_ADVANCING(false),
    /** Two rows of one page share a primary key: the remote's paging is broken. */
    DUPLICATE_KEY_IN_PAGE(false),
    /** The installation's database exists but was not created by Ferry (nor adopted): nothing is written to it. */
    DESTINATION_NOT_OWNED(false),
    FOREIGN_INSTALLATION(false),
    PAGE_OVER_LIMIT(false),
    SINK_UNAVAILABLE(true),
    SINK_REJECTED(false),
    /** The installation's pacing budget (its share of the destination's quotas) stayed spent too long. */
    DESTINATION_THROTTLED(true),
    STATE_STORE_UNAVAILABLE(true),
    QUEUE_UNAVAILABLE(true),
    INVALID_MESSAGE(false),
    UNKNOWN_INSTALLATION(false),
    /** A cutover or reverse sync asked for before its preconditions hold; nothing changed. */
    CUTOVER_REFUSED(false),
    UNKNOWN_DATA_TYPE(false),
    INVALID_PLAN(false),
    INVALID_IDENTIFIER(false),
    LEASE_EXPIRED(true),
    INTERNAL(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
