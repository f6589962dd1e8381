package dev.ferry.domain.fault;

/**
 * The named places where a test may make Ferry "die" (see {@link Failpoints}). Each sits between two
 * steps whose order the invariants depend on; a crash there leaves exactly the state written so far,
 * and recovery must neither lose nor duplicate rows.
 */
public enum Failpoint {
    /**
     * Worker ({@code RunTransferJob}), every page: the page has been fetched from the remote; nothing
     * of it is converted or written yet. A crash replays the page from the saved cursor.
     */
    AFTER_PAGE_FETCHED,
    /**
     * Worker, read-ahead: a page fetched (and converted) while the page before it was written is dropped
     * without being written, because the invocation stops (budget spent, claim lost, a failure). Nothing of
     * it was written and its cursor was never saved; the chain's next job reads it again.
     */
    READ_AHEAD_DISCARDED,
    /**
     * Worker, every page: all rows of the page are written to the sink; the cursor is not saved yet.
     * A crash replays the page, which the upsert absorbs (write, then checkpoint).
     */
    AFTER_ROWS_WRITTEN,
    /**
     * Worker, several pages written at once: a page written while an earlier page of its chain was still
     * being written is dropped with its cursor unsaved, because the invocation stops first (an earlier page
     * failed, the claim was lost, the budget spent, a pause). Its rows are in the destination, the saved cursor
     * is before it; the chain's next job writes it again, which the upsert absorbs.
     */
    WRITTEN_AHEAD_DROPPED,
    /**
     * Worker, every page: the page's cursor is saved; neither the next page nor the hand-over has
     * started. The last page of the data is saved together with the job's end, so there the job is
     * already DONE (or CONTINUED, in single-event mode, with its continuation recorded) and only the
     * message that follows (the tracker's, or the continuation) is still to be sent.
     */
    AFTER_CURSOR_SAVED,
    /**
     * Worker hand-over: the continuation job is recorded and this job is CONTINUED; the
     * continuation's message is about to be sent and has not been. The job checker re-sends it.
     */
    WHILE_SENDING_CONTINUATION,
    /**
     * MySQL row sink ({@code MySqlRowSink}): between two statements of one page, before each statement
     * but the first. The earlier statements are committed, the later ones not. A test may crash here
     * or drop the connection, so the next statement fails as on a real disconnect.
     */
    MID_STATEMENT_DISCONNECT,
    /**
     * State tracker ({@code TrackInstallation}), READY branch: the remote has been told IN_PROGRESS
     * and the tracking row is IN_PROGRESS; no job has been fanned out. The checker starts missing
     * chains.
     */
    TRACKER_AFTER_IN_PROGRESS,
    /**
     * Job checker ({@code CheckJobs}), restarting a chain: the old job is FAILED (by its worker, or by
     * the checker because its lease expired; or CONTINUED without a continuation) and the restart job
     * is recorded as PENDING; its message is not sent yet. The checker re-sends it once it looks lost.
     */
    CHECKER_MID_RESTART
}
