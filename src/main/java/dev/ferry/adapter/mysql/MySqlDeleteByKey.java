package dev.ferry.adapter.mysql;

import dev.ferry.app.port.DeleteByKey;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.verify.RowKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link DeleteByKey} on the installation database: {@code DELETE FROM `db`.`table` WHERE `id` IN (?, …)},
 * or for a composite key {@code WHERE (`k1` = ? AND `k2` = ?) OR …}, at most {@value #KEYS_PER_STATEMENT}
 * keys per statement, each statement one auto-committed request. Deleting a key that is not there
 * changes nothing, so a replay is harmless.
 */
public final class MySqlDeleteByKey implements DeleteByKey {
    static final int KEYS_PER_STATEMENT = 500;
    private final DataSource dataSource;
    private final InstallationDatabases databases;

    public MySqlDeleteByKey(DataSource dataSource, InstallationDatabases databases) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    @Override
    public void delete(InstallationId installation, DataType dataType, List<RowKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        String target = databases.table(installation, dataType.table());
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "delete from " + target)) {
            for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
                List<RowKey> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
                try (PreparedStatement ps = c.prepareStatement(delete(target, dataType, batch.size()))) {
                    int index = 1;
                    for (RowKey key : batch) {
                        index = KeySql.bindKey(ps, index, dataType, key);
                    }
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            ErrorCode code = SqlErrors.isTransient(e) ? ErrorCode.SINK_UNAVAILABLE : ErrorCode.SINK_REJECTED;
            throw new FerryException(code, "deleting from " + target + " failed: " + SqlErrors.describe(e));
        }
    }

    static String delete(String target, DataType dataType, int keys) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(target).append(" WHERE ");
        if (dataType.primaryKey().size() == 1) {
            sql.append(Identifiers.quote(dataType.primaryKey().get(0))).append(" IN (")
                    .append(String.join(", ", Collections.nCopies(keys, "?"))).append(')');
        } else {
            sql.append(String.join(" OR ", Collections.nCopies(keys, "(" + KeySql.equal(dataType) + ")")));
        }
        return sql.toString();
    }
}
