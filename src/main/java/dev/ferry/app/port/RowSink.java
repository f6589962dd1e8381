package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.Tombstone;
import java.util.List;

/** Where converted rows go: the installation's own database. */
public interface RowSink {
    /**
     * Writes the rows, upserting by primary key, so writing the same rows again changes nothing.
     * Returns only when every row is durably written (each statement auto-commits; there are no
     * explicit transactions). On failure some statements may have committed: the caller replays the
     * whole page, which the upsert absorbs. Throws SINK_UNAVAILABLE (retryable) or SINK_REJECTED /
     * ROW_TOO_LARGE (permanent).
     */
    void upsert(InstallationId installation, DataType dataType, List<Row> rows);

    /**
     * Applies deletions from the source's deletions feed: deletes each tombstone's row unless the
     * destination's copy is newer than the deletion (its change-feed time after {@code deletedAt}), so
     * a key deleted and inserted again survives whatever order the two arrive in. Missing rows are
     * ignored: applying the same tombstones again changes nothing. Errors as {@link #upsert}.
     *
     * @param dataType a data type {@link DataType#hasChangeFeed() with a change feed}
     */
    void applyDeletions(InstallationId installation, DataType dataType, List<Tombstone> tombstones);
}
