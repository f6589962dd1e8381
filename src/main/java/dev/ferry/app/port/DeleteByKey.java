package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.List;

/** Deletes rows of the installation database by primary key (repairing rows the source does not have). */
public interface DeleteByKey {
    /**
     * Deletes the rows with these keys; keys that are not there are ignored, so replaying changes
     * nothing. One statement per request, each bounded in size. Errors as {@link RowSink#upsert}.
     */
    void delete(InstallationId installation, DataType dataType, List<RowKey> keys);
}
