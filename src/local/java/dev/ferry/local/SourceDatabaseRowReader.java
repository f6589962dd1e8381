package dev.ferry.local;

import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads one tenant's rows straight out of the sample's multi-tenant source database (table named
 * after the data type, filtered by {@code installation_id}), typed by the plan — so verification
 * compares the destination with the source without going through the remote or its JSON.
 */
final class SourceDatabaseRowReader implements RowReader {
    private final DataSource dataSource;
    private final String database;

    SourceDatabaseRowReader(DataSource dataSource, String database) {
        this.dataSource = dataSource;
        this.database = database;
    }

    @Override
    public void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer) {
        DataType sourceTable = new DataType(dataType.name(), dataType.remotePath(), dataType.name(), dataType.columns(),
                dataType.primaryKey(), dataType.pageSize(), dataType.order());
        JdbcDestinationReader.readTable(dataSource, database, sourceTable, "installation_id", installation.value(), consumer);
    }
}
