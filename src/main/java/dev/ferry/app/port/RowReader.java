package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.function.Consumer;

/**
 * Reads every row of one installation's data type, for verification: the destination database, the
 * remote (page by page), or a source database. Rows are handed over one at a time, typed as
 * {@link Row} documents so hashes from either side compare; the reader keeps nothing in memory.
 */
public interface RowReader {
    void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer);
}
