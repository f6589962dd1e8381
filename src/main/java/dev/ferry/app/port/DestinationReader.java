package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.function.Consumer;

/** Reads back what an installation's database holds, for verification. */
public interface DestinationReader {
    /**
     * Streams every row of the data type's table, ordered by primary key, with values typed as
     * {@link Row} documents (so hashes compare with rows converted from the remote). Rows are handed
     * over one at a time; nothing is kept in memory by the reader.
     */
    void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer);
}
