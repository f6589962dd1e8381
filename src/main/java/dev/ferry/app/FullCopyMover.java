package dev.ferry.app;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowSink;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.DataType;
import java.util.List;

/** The seed's transfer: the remote's data pages, by the remote's own cursor, upserted into the destination. */
final class FullCopyMover implements PageMover {
    private final InstallationId installation;
    private final DataType dataType;
    private final RemoteSource remote;
    private final RowSink sink;
    private final Runnable afterFetch;

    FullCopyMover(InstallationId installation, DataType dataType, RemoteSource remote, RowSink sink,
                  Runnable afterFetch) {
        this.installation = installation;
        this.dataType = dataType;
        this.remote = remote;
        this.sink = sink;
        this.afterFetch = afterFetch;
    }

    @Override
    public Page read(Cursor after, int limit) {
        RemotePage page = remote.fetchPage(installation, dataType, after, limit);
        afterFetch.run();
        return new Page(PageConverter.convert(dataType, page), List.of(), page.isLast() ? null : page.next());
    }

    @Override
    public void write(Cursor after, Page page) {
        sink.upsert(installation, dataType, page.rows());
    }
}
