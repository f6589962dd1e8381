package dev.ferry.app.verify;

import dev.ferry.app.port.DestinationRanges;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.ArrayList;
import java.util.List;

/** The destination as verification reads it: keys and hashes by key range, a bounded batch at a time. */
interface DestinationEntries {
    /** Up to {@code limit} entries with keys in {@code (after, upTo]}, in key order. */
    List<KeyHash> entries(InstallationId installation, DataType dataType, RowKey after, RowKey upTo, int limit);

    /** Over the destination database's range reads: only keys and hashes are kept of each row. */
    static DestinationEntries of(DestinationRanges ranges) {
        return (installation, dataType, after, upTo, limit) -> {
            List<Row> rows = ranges.rows(installation, dataType, after, upTo, limit);
            List<KeyHash> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(KeyHash.of(dataType, row));
            }
            return entries;
        };
    }
}
