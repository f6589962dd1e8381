package dev.ferry.app;

import dev.ferry.domain.job.LoopPrints;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.sync.Tombstone;
import dev.ferry.domain.verify.RowKey;
import java.util.List;

/**
 * One way of moving a data type page by page, for {@link RunTransferJob}: where a page comes from and
 * where it goes. The job's loop around it owns budget, claims and cursors: it reads a page, writes it,
 * and only then saves {@link Page#next()}.
 */
interface PageMover {
    /** Reads the page after {@code after} (null: the first page). */
    Page read(Cursor after, int limit);

    /**
     * Writes a page read by {@link #read} from {@code after}. Must be idempotent: after a crash the same
     * page is read and written again.
     */
    void write(Cursor after, Page page);

    /**
     * Whether a page may be written while pages before it are still being written: true where a page's
     * effect depends on earlier pages only through rows they share (upserts by key), which the loop orders.
     * Such a mover's pages carry no tombstones and carry their {@link Page#keys()}.
     */
    default boolean writesInParallel() {
        return false;
    }

    /**
     * One page: rows to upsert, tombstones to apply, and the position after it.
     *
     * @param next   the cursor to save once the page is written; null on the last page
     * @param prints the page's fingerprints for loop detection, where the remote's cursor is opaque
     *               (null where Ferry builds the cursor itself and checks its order)
     * @param keys   the primary keys of {@code rows}, in row order; required of a mover that
     *               {@link #writesInParallel() writes in parallel}, else may be null
     */
    record Page(List<Row> rows, List<Tombstone> tombstones, Cursor next, LoopPrints prints, List<RowKey> keys) {
        public Page {
            rows = List.copyOf(rows);
            tombstones = List.copyOf(tombstones);
            keys = keys == null ? null : List.copyOf(keys);
        }

        Page(List<Row> rows, List<Tombstone> tombstones, Cursor next) {
            this(rows, tombstones, next, null, null);
        }

        public boolean isLast() {
            return next == null;
        }

        public int size() {
            return rows.size() + tombstones.size();
        }
    }
}
