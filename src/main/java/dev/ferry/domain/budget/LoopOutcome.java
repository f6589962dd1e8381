package dev.ferry.domain.budget;

/** How one worker invocation's page loop ended. The loop reports instead of throwing. */
public sealed interface LoopOutcome {
    /** Pages committed by this invocation and rows they held. */
    long pages();

    long rows();

    /** The data (or, in single-event mode, the current data type) is exhausted. */
    record Drained(long pages, long rows) implements LoopOutcome {
    }

    /** Time ran out; a continuation carries on from the last committed cursor. */
    record BudgetSpent(long pages, long rows) implements LoopOutcome {
    }

    /**
     * An operator paused the installation: the loop stopped before writing another page, and a continuation
     * waits, unsent, from the last committed cursor until the installation resumes.
     */
    record Paused(long pages, long rows) implements LoopOutcome {
    }

    /** Another worker took the job (our lease expired); this invocation stops without touching it. */
    record LostClaim(long pages, long rows) implements LoopOutcome {
    }

    /** A retryable failure: the job waits, PENDING, for its next attempt at {@code nextAttemptAt}. */
    record Retrying(long pages, long rows, dev.ferry.domain.error.FerryException error,
                    java.time.Instant nextAttemptAt) implements LoopOutcome {
    }

    /** A permanent failure, or one retried for too long: the job is FAILED with the reason. */
    record Failed(long pages, long rows, dev.ferry.domain.error.FerryException error) implements LoopOutcome {
    }
}
