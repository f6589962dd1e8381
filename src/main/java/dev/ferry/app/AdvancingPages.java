package dev.ferry.app;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.write.PageSizer;
import java.util.Objects;
import java.util.Set;

/** How a transfer job's page loop reads its next page, and refuses one that does not move the chain on. */
final class AdvancingPages {
    private AdvancingPages() {
    }

    /**
     * Reads the page after {@code after}, sized by {@code sizer}, and lets the sizer learn from it. A remote
     * that refuses a grown limit (REMOTE_REJECTED) is asked again once at the size it has answered before.
     */
    static PageMover.Page read(PageMover mover, PageSizer sizer, Cursor after) {
        PageMover.Page page;
        synchronized (sizer) {
            int limit = sizer.next();
            try {
                page = mover.read(after, limit);
            } catch (FerryException e) {
                if (e.code() != ErrorCode.REMOTE_REJECTED || !sizer.refused(limit)) {
                    throw e;
                }
                page = mover.read(after, sizer.next());
            }
            sizer.observe(page.rows());
        }
        return page;
    }

    /**
     * Refuses a page whose cursor does not move the chain on: the same cursor again, one seen earlier in
     * this invocation, or (across invocations) a cursor or rows matching the chain's loop checkpoint.
     */
    static void requireAdvancing(DataType dataType, Cursor after, PageMover.Page page, Set<Cursor> seen,
                                 LoopMark mark) {
        String where = dataType.name() + ": the page after cursor " + after;
        if (Objects.equals(page.next(), after) || !seen.add(page.next())) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, where + " gave cursor " + page.next()
                    + ", which this chain has had before; refusing to loop (nothing of the page written)");
        }
        String repeated = mark == null || page.prints() == null ? null : mark.revisitedBy(page.prints());
        if (repeated != null) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, where + (repeated.equals("cursor")
                    ? " gave cursor " + page.next() + ", which this chain committed before"
                    : " holds exactly the rows of a page this chain committed before, under a new cursor " + page.next())
                    + "; refusing to loop (nothing of the page written; an operator's retry resumes at the last cursor)");
        }
    }
}
