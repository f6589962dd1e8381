package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import java.util.List;

/** Deletes rows of an installation's data type by primary key: the delete side of Event Files and restores. */
public interface RowDeleter {
    /**
     * Deletes the rows whose primary keys (values in {@link DataType#primaryKey()} order) are given;
     * keys that are not there are ignored, so replaying a delete changes nothing. Errors as {@link RowSink}.
     */
    void delete(InstallationId installation, DataType dataType, List<List<Object>> keys);
}
