package dev.ferry.app;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowSink;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.job.LoopPrints;
import dev.ferry.domain.page.Row;
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

    /** Converts and checks the whole page before anything of it is written; a refusal names the cursor. */
    @Override
    public Page read(Cursor after, int limit) {
        RemotePage page = remote.fetchPage(installation, dataType, after, limit);
        afterFetch.run();
        PageConverter.Converted converted = PageConverter.convertWithKeys(dataType, page,
                after == null ? "first page" : "page after cursor " + after);
        Cursor next = page.isLast() ? null : page.next();
        return new Page(converted.rows(), List.of(), next,
                next == null ? null : LoopPrints.ofKeys(dataType, next, converted.keys()), converted.keys());
    }

    @Override
    public void write(Cursor after, Page page) {
        sink.upsert(installation, dataType, page.rows());
    }

    /** Upserts by key: pages written at once end as written one after another, unless they share keys. */
    @Override
    public boolean writesInParallel() {
        return true;
    }
}
