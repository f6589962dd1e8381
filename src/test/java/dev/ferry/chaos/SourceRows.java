package dev.ferry.chaos;

import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One tenant's rows read straight from the sample's multi-tenant source database (tables named after
 * the data types, filtered by {@code installation_id}), typed by the plan: the truth a destination
 * is compared with, without going through the remote.
 */
final class SourceRows implements RowReader {
    private final DataSource dataSource;
    private final String database;

    SourceRows(DataSource dataSource, String database) {
        this.dataSource = dataSource;
        this.database = database;
    }

    @Override
    public void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer) {
        DataType sourceTable = new DataType(dataType.name(), dataType.remotePath(), dataType.name(), dataType.columns(),
                dataType.primaryKey(), dataType.pageSize(), dataType.order());
        JdbcDestinationReader.readTable(dataSource, database, sourceTable, "installation_id", installation.value(),
                consumer);
    }
}
