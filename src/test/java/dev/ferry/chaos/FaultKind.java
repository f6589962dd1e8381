package dev.ferry.chaos;

/** Every kind of fault the chaos suite injects, counted per run. */
enum FaultKind {
    /** A worker, tracker or checker died at a failpoint. */
    CRASH,
    /** A message's visibility expired while its worker was paused at a failpoint; another poller took it. */
    VISIBILITY_EXPIRED,
    /** As {@link #VISIBILITY_EXPIRED}, and the paused worker's lease ran out too: it resumes as a zombie. */
    LEASE_TAKEN_OVER,
    /** The row sink's connection was killed on the server between two statements of a page. */
    CONNECTION_KILLED_MID_PAGE,
    /** Borrowing a database connection failed. */
    DB_CONNECTION_REFUSED,
    /** The connection was killed just before a statement, which then failed. */
    DB_DROPPED_BEFORE_STATEMENT,
    /** A statement committed, then the connection died before its answer arrived. */
    DB_DROPPED_AFTER_COMMIT,
    /** Sending to the work queue failed; nothing was sent. */
    QUEUE_SEND_FAILED,
    /** A message was sent, but the sender saw a failure. */
    QUEUE_SEND_ANSWER_LOST,
    /** The remote answered 500 or 503. */
    REMOTE_SERVER_ERROR,
    /** The remote answered 429 with Retry-After. */
    REMOTE_RATE_LIMITED,
    /** The remote answered too late: the request timed out. */
    REMOTE_TIMEOUT,
    /** The remote's body was cut short. */
    REMOTE_TRUNCATED_BODY,
    /** A copy of a received message was sent again: a later duplicate delivery. */
    DUPLICATE_DELIVERY,
    /** The same received message was handed to two workers at once. */
    DELIVERED_TWICE_AT_ONCE,
    /** A received message was put back unprocessed, to come again after newer ones. */
    DELIVERY_DEFERRED,
    /** A batch of messages was processed in shuffled order. */
    BATCH_SHUFFLED,
    /** An unreadable message was put on the queue; it must end in the dead-letter queue. */
    CORRUPTED_MESSAGE
}
