package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The remote's optional write endpoint, used by reverse sync (rollback):
 * {@code PUT {base}/data-migration/{remotePath}/rows} with a JSON body
 * {@code {"after": [key] | null, "through": [key] | null, "headers": [...], "data": [[...], ...]}}.
 */
public interface RemoteWriter {
    /**
     * Makes the source's rows whose primary key lies in {@code (after, through]} exactly {@code rows}:
     * upserts them by primary key and deletes every other source row in that range, in one transaction
     * on the remote's side. A null {@code after} means from the first key, a null {@code through} up to
     * the last. Idempotent: sending the same range again changes nothing. Errors as
     * {@link RemoteSource#fetchPage}: retryable after the adapter's own retries, REMOTE_REJECTED (permanent)
     * for a 4xx, including a remote without the endpoint (404).
     *
     * @param rows the destination's rows of the range, in key order, in the data type's column order
     */
    void replaceRange(InstallationId installation, DataType dataType, RowKey after, RowKey through, List<Row> rows);

    /** As {@link RemoteSource#withDeadline}. The default ignores the deadline. */
    default RemoteWriter withDeadline(LongSupplier remainingMillis) {
        return this;
    }
}
