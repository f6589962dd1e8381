package dev.ferry.domain.write;

import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.List;

/**
 * How many rows the worker asks the remote for next. Fixed pages of the plan's {@code pageSize} leave
 * the destination idle between small statements; instead, after every page the size moves toward the
 * number of rows that fill one request ({@code targetBytes}, by the same estimate the statement splitter
 * uses, on up to 64 rows spread over the page), never below the plan's page size, never above what one statement's placeholders allow nor
 * {@code maxPageSize} (the largest limit the remote is asked for), and growing at most fourfold per page, so
 * one wide row does not make the next page huge. A remote that refuses a grown limit caps the size at the
 * largest limit it has answered ({@link #refused}). Not thread-safe: callers hold it while reading a page.
 */
public final class PageSizer {
    private static final int MAX_GROWTH = 4;
    /** Rows of a page whose sizes are looked at, evenly spread. */
    private static final int SAMPLED_ROWS = 64;

    private final int floor;
    private int ceiling;
    private int largestAnswered;
    private final long targetBytes;
    private int next;

    /**
     * @param targetBytes     bytes a page should fill (e.g. the request limit); 0 keeps the plan's page size
     * @param maxPlaceholders placeholders one statement may hold
     * @param maxPageSize     the largest limit pages grow to (the plan's own page size is asked for even if larger)
     */
    public PageSizer(DataType dataType, long targetBytes, int maxPlaceholders, int maxPageSize) {
        this.floor = dataType.pageSize();
        int byPlaceholders = Math.max(1, maxPlaceholders / dataType.columns().size());
        this.ceiling = Math.max(floor, Math.min(Math.min(DataType.MAX_PAGE_SIZE, maxPageSize), byPlaceholders));
        this.targetBytes = targetBytes;
        this.next = floor;
        this.largestAnswered = floor;
    }

    /** The limit to ask for next. */
    public int next() {
        return next;
    }

    /**
     * Learns that the remote refused a page asked with {@code limit}: when that limit was grown beyond the
     * plan's page size, pages no longer grow past the largest limit the remote has answered, and true is
     * returned (ask again with {@link #next()}); false when the plan's own page size was refused.
     */
    public boolean refused(int limit) {
        if (limit <= floor) {
            return false;
        }
        ceiling = Math.max(floor, Math.min(ceiling, largestAnswered));
        next = Math.min(next, ceiling);
        return true;
    }

    /** Learns from a page just read, asked with the limit {@link #next()} still returns. */
    public void observe(List<Row> rows) {
        largestAnswered = Math.max(largestAnswered, next);
        if (targetBytes <= 0 || rows.isEmpty()) {
            return;
        }
        // a sample spread over the page is enough to size the next one (the splitter still sizes every row)
        int step = Math.max(1, rows.size() / SAMPLED_ROWS);
        long bytes = 0;
        int sampled = 0;
        for (int i = 0; i < rows.size(); i += step) {
            bytes += StatementSplitter.estimate(rows.get(i));
            sampled++;
        }
        long perRow = Math.max(1, bytes / sampled);
        long fitting = targetBytes / perRow;
        long grown = Math.min(fitting, (long) next * MAX_GROWTH);
        next = (int) Math.max(floor, Math.min(ceiling, grown));
    }
}
