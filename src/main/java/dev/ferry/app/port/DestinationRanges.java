package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.List;

/**
 * Reads the installation database's rows of a data type by primary key range, a bounded batch at a
 * time, for verification. Each call is one bounded SELECT.
 */
public interface DestinationRanges {
    /**
     * Up to {@code limit} rows whose key lies in {@code (after, upTo]}, in primary key order; a null
     * bound is open. A missing database or table reads as no rows. Throws SINK_UNAVAILABLE (retryable).
     */
    List<Row> rows(InstallationId installation, DataType dataType, RowKey after, RowKey upTo, int limit);
}
