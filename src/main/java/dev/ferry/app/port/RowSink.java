package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
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
}
