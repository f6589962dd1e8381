package dev.ferry.local.sample;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Picks the handler of a {@code /data-migration/{dataType}/…} request: the data pages, or one of the
 * {@link OptionalEndpoint optional endpoints}, which answers 404 while the server is told to lack it.
 */
final class DataMigrationRoutes implements RemoteHandler {

    private final RemoteHandler pages;
    private final RemoteHandler checksums;
    private final ChangeFeedEndpoint changeFeed;
    private final RowsEndpoint rows;
    private final Supplier<Set<OptionalEndpoint>> absent;

    DataMigrationRoutes(SampleSourceDatabase source, RemoteCounters counters, Supplier<Set<OptionalEndpoint>> absent,
                        PrerenderedPages prerendered) {
        this.pages = new DataMigrationEndpoint(source, counters, prerendered);
        this.checksums = new ChecksumEndpoint(pages, source);
        this.changeFeed = new ChangeFeedEndpoint(source);
        this.rows = new RowsEndpoint(source);
        this.absent = absent;
    }

    @Override
    public RemoteResponse handle(RemoteRequest request, byte[] body) throws RemoteError {
        String path = request.remotePath();
        int slash = path.indexOf('/');
        if (slash < 0) {
            return pages.handle(request, body);
        }
        String dataTypePath = path.substring(0, slash);
        String suffix = path.substring(slash + 1);
        OptionalEndpoint endpoint = OptionalEndpoint.bySuffix(suffix)
                .orElseThrow(() -> RemoteError.notFound("no such endpoint"));
        if (absent.get().contains(endpoint)) {
            throw RemoteError.notFound("this remote has no " + suffix + " endpoint");
        }
        return switch (endpoint) {
            case CHECKSUMS -> checksums.handle(request, body);
            case CHANGES -> changeFeed.changes(request, dataTypePath);
            case DELETIONS -> changeFeed.deletions(request, dataTypePath);
            case ROWS -> rows.handle(request, dataTypePath, body);
        };
    }
}
