package dev.ferry.adapter.blocks;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.adapter.mysql.JdbcValues;
import dev.ferry.domain.plan.Column;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.app.port.RowDeleter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link RowDeleter} on an installation database: {@code DELETE FROM `db`.`table` WHERE `id` IN (?, …)}
 * for a one-column key, {@code WHERE (`a` = ? AND `b` = ?) OR …} for a composite one; at most
 * {@link #KEYS_PER_STATEMENT} keys per statement, each statement one auto-committed request.
 * Deleting a key that is not there is a no-op, so replays are harmless.
 */
public final class MySqlRowDeleter implements RowDeleter {
    static final int KEYS_PER_STATEMENT = 500;

    private final DataSource dataSource;
    private final InstallationDatabases databases;

    public MySqlRowDeleter(DataSource dataSource, InstallationDatabases databases) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    @Override
    public void delete(InstallationId installation, DataType dataType, List<List<Object>> keys) {
        if (keys.isEmpty()) {
            return;
        }
        int width = dataType.primaryKey().size();
        for (List<Object> key : keys) {
            if (key.size() != width) {
                throw new FerryException(ErrorCode.ROW_ARITY, dataType.name() + ": a key has " + key.size()
                        + " values, the primary key " + width);
            }
        }
        String target = databases.table(installation, dataType.table());
        List<Column> keyColumns = java.util.Arrays.stream(dataType.primaryKeyIndexes())
                .mapToObj(i -> dataType.columns().get(i)).toList();
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "delete from " + target)) {
            for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
                List<List<Object>> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
                try (PreparedStatement ps = c.prepareStatement(sql(target, dataType.primaryKey(), chunk.size()))) {
                    int index = 1;
                    for (List<Object> key : chunk) {
                        for (int k = 0; k < key.size(); k++) {
                            JdbcValues.bind(ps, index++, keyColumns.get(k), key.get(k));
                        }
                    }
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.sinkFailure(e, "deleting from " + target);
        }
    }

    static String sql(String target, List<String> primaryKey, int keys) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(target).append(" WHERE ");
        if (primaryKey.size() == 1) {
            sql.append(Identifiers.quote(primaryKey.get(0))).append(" IN (");
            for (int i = 0; i < keys; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            return sql.append(')').toString();
        }
        StringBuilder one = new StringBuilder("(");
        for (int i = 0; i < primaryKey.size(); i++) {
            one.append(i == 0 ? "" : " AND ").append(Identifiers.quote(primaryKey.get(i))).append(" = ?");
        }
        one.append(')');
        for (int i = 0; i < keys; i++) {
            sql.append(i == 0 ? "" : " OR ").append(one);
        }
        return sql.toString();
    }
}
