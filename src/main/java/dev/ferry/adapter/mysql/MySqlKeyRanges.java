package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.app.port.DestinationRanges;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link DestinationRanges} on the installation database: one SELECT per call,
 * {@code SELECT cols FROM `db`.`table` WHERE (key > after) AND (key <= upTo) ORDER BY key LIMIT n},
 * which walks the primary key index and reads at most {@code n} rows, so each request stays far
 * below TiDB's 5 s limit for SELECTs however large the table. The rows are streamed from the
 * driver. A missing database or table reads as empty (nothing has been migrated yet).
 */
public final class MySqlKeyRanges implements DestinationRanges {
    /** Most rows one SELECT may ask for. */
    public static final int MAX_LIMIT = 10_000;
    private final DataSource dataSource;
    private final InstallationDatabases databases;
    private final boolean strict;

    /** A reader for verification: a missing database or table reads as no rows. */
    public MySqlKeyRanges(DataSource dataSource, InstallationDatabases databases) {
        this(dataSource, databases, false);
    }

    private MySqlKeyRanges(DataSource dataSource, InstallationDatabases databases, boolean strict) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
        this.strict = strict;
    }

    /**
     * A reader for reverse sync, where "no rows" means "delete every source row": a missing database or
     * table is SINK_REJECTED (permanent), never an empty page.
     */
    public static MySqlKeyRanges strict(DataSource dataSource, InstallationDatabases databases) {
        return new MySqlKeyRanges(dataSource, databases, true);
    }

    @Override
    public List<Row> rows(InstallationId installation, DataType dataType, RowKey after, RowKey upTo, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        String target = databases.table(installation, dataType.table());
        String sql = select(target, dataType, after != null, upTo != null);
        List<Column> columns = dataType.columns();
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "read " + target);
             PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            int index = 1;
            if (after != null) {
                index = KeySql.bindCompare(ps, index, dataType, after, false);
            }
            if (upTo != null) {
                index = KeySql.bindCompare(ps, index, dataType, upTo, true);
            }
            ps.setInt(index, limit);
            List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        values.add(JdbcValues.read(rs, i + 1, columns.get(i)));
                    }
                    rows.add(new Row(values));
                }
            }
            return rows;
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e) && !strict) {
                return List.of();
            }
            ErrorCode code = SqlErrors.isTransient(e) ? ErrorCode.SINK_UNAVAILABLE : ErrorCode.SINK_REJECTED;
            throw new FerryException(code, "reading " + target + " by key range failed: " + SqlErrors.describe(e));
        }
    }

    /** The statement {@link #rows} sends; exposed to tests. */
    static String select(String target, DataType dataType, boolean after, boolean upTo) {
        StringBuilder sql = new StringBuilder("SELECT ").append(KeySql.columnList(dataType)).append(" FROM ").append(target);
        if (after || upTo) {
            sql.append(" WHERE ");
            if (after) {
                sql.append('(').append(KeySql.after(dataType)).append(')');
            }
            if (after && upTo) {
                sql.append(" AND ");
            }
            if (upTo) {
                sql.append('(').append(KeySql.upTo(dataType)).append(')');
            }
        }
        return sql.append(" ORDER BY ").append(KeySql.keyList(dataType)).append(" LIMIT ?").toString();
    }
}
