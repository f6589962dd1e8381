package dev.ferry.app;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.function.Consumer;

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
}
