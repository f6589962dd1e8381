package dev.ferry.domain.fault;

/**
 * Fault injection, switched on by tests only. The core calls {@link #hit} at each {@link Failpoint};
 * production passes {@link #NONE}, a constant that does nothing.
 */
@FunctionalInterface
public interface Failpoints {
    /** Production: every point passes, at no cost (no lookups, no state). */
    Failpoints NONE = point -> {
    };

    /**
     * Passes {@code point}. A test implementation may throw {@link SimulatedCrash} (the process dies
     * here) or act on the outside world (drop a connection, let a message's visibility expire) and
     * return.
     */
    void hit(Failpoint point);
}
