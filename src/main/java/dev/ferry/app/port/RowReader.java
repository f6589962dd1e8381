package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads every row of one installation's data type, for verification and exports: the destination
 * database, the remote (page by page), or a source database. Rows are handed over one at a time, typed
 * as {@link Row} documents so hashes from either side compare; the reader keeps nothing in memory.
 */
public interface RowReader {
    void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer);

    /**
     * Reads the rows after {@code from}, a batch at a time, until the rows run out or {@code batches}
     * returns false; an export that continues in a later invocation resumes from the position after its
     * last batch. The default skips {@link Position#rows()} rows of {@link #forEachRow} (for readers
     * that hold few rows); the remote resumes from its cursor, a database from the last primary key.
     *
     * @param from where to begin, never null ({@link Position#START} for the first row)
     */
    default void readFrom(InstallationId installation, DataType dataType, Position from, Predicate<Batch> batches) {
        List<Row> batch = new ArrayList<>();
        long[] seen = {0};
        boolean[] stopped = {false};
        forEachRow(installation, dataType, row -> {
            if (stopped[0] || seen[0]++ < from.rows()) {
                return;
            }
            batch.add(row);
            if (batch.size() == dataType.pageSize()) {
                stopped[0] = !batches.test(new Batch(List.copyOf(batch), null, false));
                batch.clear();
            }
        });
        if (!stopped[0] && !batch.isEmpty()) {
            batches.test(new Batch(List.copyOf(batch), null, true));
        }
    }

    /**
     * Where a read resumes: after the remote's {@code cursor} (its text form, {@link
     * dev.ferry.domain.page.Cursor#encode()}), after the row whose primary key values are {@code lastKey},
     * or after the first {@code rows} rows; each reader uses the one it can. Null cursor and key: from the start.
     */
    record Position(String cursor, List<Object> lastKey, long rows) {
        public static final Position START = new Position(null, null, 0);

        public Position {
            lastKey = lastKey == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(lastKey));
        }
    }

    /**
     * Consecutive rows, and the remote's cursor after them (encoded; null where the reader does not
     * resume by cursor, and on the remote's last page).
     *
     * @param last true when no row follows (false may still be followed by none)
     */
    record Batch(List<Row> rows, String cursorAfter, boolean last) {
    }
}
