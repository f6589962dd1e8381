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

    public JdbcDestinationReader(DataSource dataSource, String databasePrefix) {
        this.dataSource = dataSource;
        this.databasePrefix = databasePrefix;
    }

    @Override
    public void forEachRow(InstallationId installation, DataType dataType, Consumer<Row> consumer) {
        readTable(dataSource, databasePrefix + installation.value(), dataType, null, null, consumer);
    }

    /**
     * Reads the table in primary-key order, a keyset query per batch ({@code WHERE} key after the last
     * batch's last key, {@code LIMIT}): stopping between batches leaves no result set to drain, and a
     * later invocation resumes after {@link Position#lastKey()}.
     */
    @Override
    public void readFrom(InstallationId installation, DataType dataType, Position from, Predicate<Batch> batches) {
        String database = databasePrefix + installation.value();
        int limit = dataType.pageSize();
        List<Object> lastKey = from.lastKey();
        int[] pk = dataType.primaryKeyIndexes();
        List<Column> columns = dataType.columns();
        try (Connection connection = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE,
                "read " + dataType.table() + " of " + database)) {
            while (true) {
                List<Row> rows = new ArrayList<>(limit);
                try (PreparedStatement statement = connection.prepareStatement(selectAfter(database, dataType,
                        lastKey != null, limit))) {
                    if (lastKey != null) {
                        bindAfter(statement, dataType, lastKey);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            List<Object> values = new ArrayList<>(columns.size());
                            for (int i = 0; i < columns.size(); i++) {
                                values.add(JdbcValues.read(rs, i + 1, columns.get(i)));
                            }
                            rows.add(new Row(values));
                        }
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                List<Object> last = rows.get(rows.size() - 1).values();
                lastKey = new ArrayList<>(pk.length);
                for (int i : pk) {
                    lastKey.add(last.get(i));
                }
                if (!batches.test(new Batch(rows, null, rows.size() < limit)) || rows.size() < limit) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + dataType.table() + " of " + database
                    + ": " + SqlErrors.describe(e), e);
        }
    }

    /** {@code (k1 > ?) OR (k1 = ? AND k2 > ?) OR …}: the rows after a key, in a form every index can serve. */
    static String selectAfter(String database, DataType dataType, boolean afterKey, int limit) {
        String select = select(database, dataType, null);
        int orderBy = select.lastIndexOf(" ORDER BY ");
        StringBuilder sql = new StringBuilder(select.substring(0, orderBy));
        if (afterKey) {
            List<String> pk = dataType.primaryKey();
            sql.append(" WHERE ");
            for (int i = 0; i < pk.size(); i++) {
                sql.append(i == 0 ? "(" : " OR (");
                for (int j = 0; j < i; j++) {
                    sql.append(Identifiers.quote(pk.get(j))).append(" = ? AND ");
                }
                sql.append(Identifiers.quote(pk.get(i))).append(" > ?)");
            }
        }
        return sql.append(select.substring(orderBy)).append(" LIMIT ").append(limit).toString();
    }

    private static void bindAfter(PreparedStatement statement, DataType dataType, List<Object> lastKey)
            throws SQLException {
        int[] pk = dataType.primaryKeyIndexes();
        int index = 1;
        for (int i = 0; i < pk.length; i++) {
            for (int j = 0; j <= i; j++) {
                JdbcValues.bind(statement, index++, dataType.columns().get(pk[j]), lastKey.get(j));
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
