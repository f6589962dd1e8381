package dev.ferry.adapter.remote;

import dev.ferry.app.port.RemoteChanges;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * {@link RemoteChanges} over HTTP: the optional change feed
 * ({@code GET {base}/data-migration/{remotePath}/changes} and {@code .../deletions}). Pages are parsed,
 * guarded and retried as data pages ({@link HttpRemotePages}); 404 or 501 (no change feed) is
 * REMOTE_REJECTED at once. Key values in the query are logged as {@code *}. Thread-safe.
 */
public final class HttpRemoteChanges implements RemoteChanges {
    private static final Logger LOG = Logger.getLogger(HttpRemoteChanges.class);

    private final RemoteCalls calls;

    HttpRemoteChanges(RemoteCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * {@code GET {base}/data-migration/{remotePath}/changes?limit=N[&from=T][&until=T][&afterUpdatedAt=T&afterKey=K]}:
     * rows changed in the cursor's window past its position.
     */
    @Override
    public RemotePage fetchChanges(InstallationId installation, DataType dataType, ChangeCursor position, int limit) {
        return fetchFeed(installation, dataType, position, limit, ChangePhase.CHANGES, "changes");
    }

    /**
     * {@code GET {base}/data-migration/{remotePath}/deletions?…} (the same query as {@link #fetchChanges}):
     * tombstones in the window past the position; headers are the key columns and {@code deleted_at}.
     */
    @Override
    public RemotePage fetchDeletions(InstallationId installation, DataType dataType, ChangeCursor position, int limit) {
        return fetchFeed(installation, dataType, position, limit, ChangePhase.DELETIONS, "deletions");
    }

    private RemotePage fetchFeed(InstallationId installation, DataType dataType, ChangeCursor position, int limit,
                                 ChangePhase phase, String feed) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(position, "position");
        if (position.phase() != phase) {
            throw new IllegalArgumentException(feed + " needs a cursor in phase " + phase + ", was " + position.phase());
        }
        RemoteCalls.requireLimit(limit);
        RemoteCalls.Request request = new RemoteCalls.Request("GET", RemoteCalls.dataPath(dataType, feed),
                feedQuery(dataType, position, limit, false), feedQuery(dataType, position, limit, true), null,
                installation, dataType.name(), null, "change feed");
        RemotePage page = calls.execute(request, body -> calls.json().readPage(body),
                p -> "rows=" + p.data().size() + " more=" + (p.next() != null));
        try {
            return page.requireAnswerTo(installation, limit);
        } catch (FerryException e) {
            LOG.warn("remote page refused: GET " + calls.shown(request) + " error=" + e.code()
                    + " installation=" + installation + " dataType=" + dataType.name()
                    + " reason=\"" + LogText.excerpt(e.getMessage(), RemoteCalls.LOG_EXCERPT_CHARS, null) + '"');
            throw e;
        }
    }

    /** The change feed's query; {@code shown} replaces the key's values by {@code *} for logs. */
    private static String feedQuery(DataType dataType, ChangeCursor position, int limit, boolean shown) {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        if (position.from() != null) {
            query.append("&from=").append(RemoteCalls.encode(time(position.from())));
        }
        if (position.until() != null) {
            query.append("&until=").append(RemoteCalls.encode(time(position.until())));
        }
        if (position.afterUpdatedAt() != null) {
            query.append("&afterUpdatedAt=").append(RemoteCalls.encode(time(position.afterUpdatedAt())))
                    .append("&afterKey=")
                    .append(shown ? "*" : RemoteCalls.encode(RemoteValues.keyArray(dataType, position.afterKey())));
        }
        return query.toString();
    }

    private static String time(LocalDateTime t) {
        return t.toString();
    }

    /** The same feed (sharing connections) whose retries stay within {@code remainingMillis}. */
    @Override
    public HttpRemoteChanges withDeadline(LongSupplier remainingMillis) {
        return new HttpRemoteChanges(calls.withDeadline(remainingMillis));
    }

    @Override
    public String toString() {
        return "HttpRemoteChanges[" + calls + "]";
    }
}
