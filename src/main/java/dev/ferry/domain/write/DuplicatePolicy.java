package dev.ferry.domain.write;

/** What an insert does when a row's primary key already exists. */
public enum DuplicatePolicy {
    /** {@code ON DUPLICATE KEY UPDATE} every non-key column: replays and re-syncs converge. The default. */
    UPDATE,
    /** Keep the existing row ({@code ON DUPLICATE KEY UPDATE pk = pk}); never overwrites. */
    KEEP,
    /** Plain INSERT: a duplicate key fails the statement. */
    ERROR
}
