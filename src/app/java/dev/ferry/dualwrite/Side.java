package dev.ferry.dualwrite;

/**
 * One database the app writes to: the primary or the mirror of a {@link DualWriter}.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #apply(Write)} makes the row match the write: an upsert inserts or updates the row's columns,
 *       a delete removes the row if it exists. It is idempotent (applying a write twice is the same as
 *       once) and is never given null.</li>
 *   <li>It reports failure by throwing a {@link RuntimeException}; prefer {@link SideException}, whose code
 *       and message are recorded as they are. The message of any other exception is not recorded (it may
 *       contain values); only its class name is.</li>
 *   <li>It must be safe to call from several threads if the app writes from several threads or mirrors
 *       on a multi-threaded executor.</li>
 * </ul>
 */
public interface Side {

    /** A short, stable name for messages (for example {@code "remote"} or {@code "tidb"}); not null. */
    String name();

    /**
     * Applies one write.
     *
     * @throws RuntimeException when the write was not applied (or may not have been)
     */
    void apply(Write write);
}
