package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import java.util.function.LongSupplier;

/**
 * The remote's optional change feed (see {@link dev.ferry.domain.plan.ChangeFeed}):
 * {@code GET {base}/data-migration/{remotePath}/changes} and {@code .../deletions}, with the query
 * {@code limit}, {@code until}, and when set {@code from}, {@code afterUpdatedAt} and {@code afterKey}
 * (the key as a JSON array), times as ISO-8601 local date-times in UTC. Identity travels in the signed
 * token, as for {@link RemoteSource}; errors and retries are as for {@link RemoteSource#fetchPage}.
 */
public interface RemoteChanges {
    /**
     * Rows with {@code from <= updatedAt < until} past the cursor's position, ordered by
     * {@code (updatedAt, primary key)}, at most {@code limit}; in the data page's shape (headers, data,
     * a non-null {@code afterId} while more rows follow, whose value Ferry does not use).
     *
     * @param position a cursor in phase CHANGES
     * @return the page as sent, never null
     */
    RemotePage fetchChanges(InstallationId installation, DataType dataType, ChangeCursor position, int limit);

    /**
     * Tombstones with {@code from <= deletedAt < until} past the cursor's position, ordered by
     * {@code (deletedAt, primary key)}; headers are the primary key columns and {@code deleted_at}.
     *
     * @param position a cursor in phase DELETIONS
     */
    RemotePage fetchDeletions(InstallationId installation, DataType dataType, ChangeCursor position, int limit);

    /** As {@link RemoteSource#withDeadline}. The default ignores the deadline. */
    default RemoteChanges withDeadline(LongSupplier remainingMillis) {
        return this;
    }
}
