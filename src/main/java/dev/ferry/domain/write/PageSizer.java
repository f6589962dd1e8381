package dev.ferry.domain.write;

import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.List;

/**
 * How many rows the worker asks the remote for next. Fixed pages of the plan's {@code pageSize} leave
 * the destination idle between small statements; instead, after every page the size moves toward the
 * number of rows that fill one request ({@code targetBytes}, by the same estimate the statement splitter
 * uses), never below the plan's page size, never above what one statement's placeholders allow nor
 * {@link DataType#MAX_PAGE_SIZE}, and growing at most fourfold per page, so one wide row does not make
 * the next page huge.
 */
public final class PageSizer {
    private static final int MAX_GROWTH = 4;

    private final int floor;
    private final int ceiling;
    private final long targetBytes;
    private int next;

    /**
     * @param targetBytes     bytes a page should fill (e.g. the request limit); 0 keeps the plan's page size
     * @param maxPlaceholders placeholders one statement may hold
     */
    public PageSizer(DataType dataType, long targetBytes, int maxPlaceholders) {
        this.floor = dataType.pageSize();
        int byPlaceholders = Math.max(1, maxPlaceholders / dataType.columns().size());
        this.ceiling = Math.max(floor, Math.min(DataType.MAX_PAGE_SIZE, byPlaceholders));
        this.targetBytes = targetBytes;
        this.next = floor;
    }

    /** The limit to ask for next. */
    public int next() {
        return next;
    }

    /** Learns from a page just read. */
    public void observe(List<Row> rows) {
        if (targetBytes <= 0 || rows.isEmpty()) {
            return;
        }
        long bytes = 0;
        for (Row row : rows) {
            bytes += StatementSplitter.estimate(row);
        }
        long perRow = Math.max(1, bytes / rows.size());
        long fitting = targetBytes / perRow;
        long grown = Math.min(fitting, (long) next * MAX_GROWTH);
        next = (int) Math.max(floor, Math.min(ceiling, grown));
    }
}
