package dev.ferry.app;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Reads a data type from the remote through its paginated contract, converted as the worker converts it. */
public final class RemoteRowReader implements RowReader {
    private final RemoteSource remote;

    public RemoteRowReader(RemoteSource remote) {
        this.remote = remote;
    }

    @Override
    public void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer) {
        Cursor after = null;
        RemotePage page;
        do {
            page = remote.fetchPage(installation, dataType, after, dataType.pageSize());
            PageConverter.convert(dataType, page).forEach(consumer);
            after = page.next();
        } while (!page.isLast());
    }

    /** Resumes after the position's cursor; every batch is one page, its cursor the remote's next. */
    @Override
    public void readFrom(InstallationId installation, DataType dataType, Position from, Predicate<Batch> batches) {
        Cursor after = Cursor.decode(from.cursor());
        RemotePage page;
        do {
            page = remote.fetchPage(installation, dataType, after, dataType.pageSize());
            List<Row> rows = PageConverter.convert(dataType, page);
            after = page.next();
            if (!batches.test(new Batch(rows, page.isLast() ? null : after.encode(), page.isLast()))) {
                return;
            }
        } while (!page.isLast());
    }
}
