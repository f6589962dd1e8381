package dev.ferry.app;

import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.page.Cursor;

/** What one invocation of a transfer job has committed so far, and the job's stored counters; owned by its page loop (not thread-safe). */
final class ChainProgress {
    Cursor cursor;
    long storedPages;
    long storedRows;
    LoopMark mark;
    long pages;
    long rows;
    /** Rows of the drained data's last page: written, and saved only with the job's end. */
    int lastPageRows;

    ChainProgress(Job job) {
        this.cursor = job.cursor();
        this.storedPages = job.pages();
        this.storedRows = job.rowsCopied();
        this.mark = job.loopMark();
    }

    void committed(Cursor next, int rowCount, LoopMark newMark) {
        cursor = next;
        mark = newMark;
        storedPages++;
        storedRows += rowCount;
        pages++;
        rows += rowCount;
    }
}
