package dev.ferry.app;

import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.List;

/**
 * Reverse sync (rollback): the installation's database read in primary-key order, each page sent to
 * the remote's write endpoint as "make your rows in this key range exactly these". The cursor is the
 * last key sent ({@link RowKey#encode()}); a page shorter than the limit is the last, and its range
 * is open-ended, so source rows past the destination's last key are deleted too. Replaying a range
 * is harmless: the remote replaces it again with the same rows.
 */
final class ReverseSyncMover implements PageMover {
    private final InstallationId installation;
    private final DataType dataType;
    private final DestinationRanges destination;
    private final RemoteWriter remote;

    ReverseSyncMover(InstallationId installation, DataType dataType, DestinationRanges destination,
                     RemoteWriter remote) {
        this.installation = installation;
        this.dataType = dataType;
        this.destination = destination;
        this.remote = remote;
    }

    @Override
    public Page read(Cursor after, int limit) {
        RowKey previous = key(after);
        List<Row> rows = destination.rows(installation, dataType, previous, null, limit);
        for (Row row : rows) {
            // The ranges sent are "everything between these keys": a key out of order (a collation that is
            // not binary) would make the remote delete rows that belong to another range.
            RowKey key = RowKey.of(dataType, row);
            if (previous != null && key.compareTo(previous) <= 0) {
                throw new FerryException(ErrorCode.SINK_REJECTED, dataType.name() + ": the destination returned keys"
                        + " out of binary order (is the table's collation binary?); reverse sync refused");
            }
            previous = key;
        }
        Cursor next = rows.size() < limit ? null
                : Cursor.ofString(RowKey.of(dataType, rows.get(rows.size() - 1)).encode());
        return new Page(rows, List.of(), next);
    }

    @Override
    public void write(Cursor after, Page page) {
        remote.replaceRange(installation, dataType, key(after), key(page.next()), page.rows());
    }

    private RowKey key(Cursor cursor) {
        return cursor == null ? null : RowKey.decode(dataType, cursor.value());
    }
}
