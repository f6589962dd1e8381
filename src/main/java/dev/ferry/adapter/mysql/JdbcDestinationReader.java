package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.verify.RowKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Streams a table of an installation database back as typed rows, ordered by primary key, for
 * verification. Optionally filtered by an extra equality column (used to read one tenant out of a
 * multi-tenant source table).
 */
public final class JdbcDestinationReader implements RowReader {
    private final DataSource dataSource;
    private final String databasePrefix;
    private final MySqlKeyRanges ranges;

    public JdbcDestinationReader(DataSource dataSource, String databasePrefix) {
        this.dataSource = dataSource;
        this.databasePrefix = databasePrefix;
        this.ranges = MySqlKeyRanges.strict(dataSource, new InstallationDatabases(dataSource, databasePrefix));
    }

    @Override
    public void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer) {
        readTable(dataSource, databasePrefix + installation.value(), dataType, null, null, consumer);
    }

    /**
     * Reads the table in primary-key order, a keyset query per batch ({@link MySqlKeyRanges}: the rows after
     * the last batch's last key, at most the plan's page size): stopping between batches leaves no result set
     * to drain, and a later invocation resumes after {@link Position#lastKey()}. A missing table is an error,
     * not an empty data type.
     */
    @Override
    public void readFrom(InstallationId installation, DataType dataType, Position from, Predicate<Batch> batches) {
        int limit = Math.min(dataType.pageSize(), MySqlKeyRanges.MAX_LIMIT);
        RowKey after = from.lastKey() == null ? null : RowKey.of(from.lastKey());
        while (true) {
            List<Row> rows = ranges.rows(installation, dataType, after, null, limit);
            if (rows.isEmpty()) {
                return;
            }
            after = RowKey.of(dataType, rows.get(rows.size() - 1));
            boolean last = rows.size() < limit;
            if (!batches.test(new Batch(rows, null, last)) || last) {
                return;
            }
        }
    }

    /**
     * Streams {@code database.table} in primary-key order.
     *
     * @param filterColumn a validated column name to filter on, or null for every row
     * @param filterValue  the value bound for the filter
     */
    public static void readTable(DataSource dataSource, String database, DataType dataType, String filterColumn,
                                 Object filterValue, Consumer<Row> consumer) {
        String sql = select(database, dataType, filterColumn);
        List<Column> columns = dataType.columns();
        try (Connection connection = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE,
                "read " + dataType.table() + " of " + database);
             PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                     ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(Integer.MIN_VALUE);
            if (filterColumn != null) {
                statement.setObject(1, filterValue);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        values.add(JdbcValues.read(rs, i + 1, columns.get(i)));
                    }
                    consumer.accept(new Row(values));
                }
            }
        } catch (SQLException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + dataType.table() + " of " + database
                    + ": " + SqlErrors.describe(e), e);
        }
    }

    static String select(String database, DataType dataType, String filterColumn) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Column> columns = dataType.columns();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(JdbcValues.selectExpression(columns.get(i)));
        }
        sql.append(" FROM ").append(Identifiers.quote(database)).append('.').append(Identifiers.quote(dataType.table()));
        if (filterColumn != null) {
            sql.append(" WHERE ").append(Identifiers.quote(Identifiers.requireSqlName("filter", filterColumn))).append(" = ?");
        }
        sql.append(" ORDER BY ");
        List<String> pk = dataType.primaryKey();
        for (int i = 0; i < pk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Identifiers.quote(pk.get(i)));
        }
        return sql.toString();
    }

}
