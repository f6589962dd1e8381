package dev.ferry.app;

import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.RowSink;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.sync.Tombstone;
import dev.ferry.domain.verify.RowKey;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a diff pass over one data type: the rows changed since the pass's window began, or
 * (a later step, when the remote has a deletions feed) its tombstones. The cursor is Ferry's {@link ChangeCursor}, built from the last row
 * written, never the remote's; every row must lie in the window and past the previous position, in
 * {@code (updatedAt, key)} order, or the page is refused before anything is written (a remote that
 * ignores the cursor would otherwise loop or skip).
 */
final class ChangeFeedMover implements PageMover {
    static final String DELETED_AT = "deleted_at";

    private final InstallationId installation;
    private final DataType dataType;
    private final RemoteChanges remote;
    private final RowSink sink;
    private final Runnable afterFetch;

    ChangeFeedMover(InstallationId installation, DataType dataType, RemoteChanges remote, RowSink sink,
                    Runnable afterFetch) {
        this.installation = installation;
        this.dataType = dataType;
        this.remote = remote;
        this.sink = sink;
        this.afterFetch = afterFetch;
    }

    @Override
    public Page read(Cursor after, int limit) {
        ChangeCursor position = ChangeCursor.of(dataType, after);
        return position.phase() == ChangePhase.CHANGES ? changes(position, limit) : deletions(position, limit);
    }

    private Page changes(ChangeCursor position, int limit) {
        RemotePage page = remote.fetchChanges(installation, dataType, position, limit);
        afterFetch.run();
        List<Row> rows = PageConverter.convert(dataType, page);
        int updatedAt = dataType.updatedAtIndex();
        ChangeCursor last = position;
        for (Row row : rows) {
            last = advance(last, (LocalDateTime) row.get(updatedAt), RowKey.of(dataType, row));
        }
        // "More follow" is the remote's non-null afterId alone: an empty page that says so must not end the step.
        return new Page(rows, List.of(), page.next() == null ? null : requireMoved(position, last).toCursor());
    }

    private Page deletions(ChangeCursor position, int limit) {
        RemotePage page = remote.fetchDeletions(installation, dataType, position, limit);
        afterFetch.run();
        DataType shape = tombstoneShape(dataType);
        List<Row> rows = PageConverter.convert(shape, page);
        int deletedAt = shape.columns().size() - 1;
        List<Tombstone> tombstones = new ArrayList<>(rows.size());
        ChangeCursor last = position;
        for (Row row : rows) {
            RowKey key = RowKey.of(row.values().subList(0, deletedAt));
            LocalDateTime at = (LocalDateTime) row.get(deletedAt);
            last = advance(last, at, key);
            tombstones.add(new Tombstone(key, at));
        }
        return new Page(List.of(), tombstones, page.next() == null ? null : requireMoved(position, last).toCursor());
    }

    @Override
    public void write(Cursor after, Page page) {
        sink.upsert(installation, dataType, page.rows());
        if (!page.tombstones().isEmpty()) {
            sink.applyDeletions(installation, dataType, page.tombstones());
        }
    }

    private ChangeCursor advance(ChangeCursor last, LocalDateTime at, RowKey key) {
        if (!last.inWindow(at) || !last.isBefore(at, key)) {
            throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name() + ": the "
                    + last.phase().name().toLowerCase(java.util.Locale.ROOT) + " feed sent a row outside its window or out of ("
                    + "time, key) order; refusing the page");
        }
        return last.after(at, key);
    }

    private ChangeCursor requireMoved(ChangeCursor before, ChangeCursor after) {
        if (after.equals(before)) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, dataType.name()
                    + ": the change feed said more rows follow but sent none; refusing to loop");
        }
        return after;
    }

    /** The deletions feed's page shape: the primary key columns, then {@code deleted_at}. */
    static DataType tombstoneShape(DataType dataType) {
        List<Column> columns = new ArrayList<>(RowKey.keyColumns(dataType));
        columns.add(Column.of(DELETED_AT, ColumnType.DATETIME));
        return new DataType(dataType.name(), dataType.remotePath(), dataType.table(), columns, dataType.primaryKey(),
                dataType.pageSize(), dataType.order());
    }
}
