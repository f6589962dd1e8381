package dev.ferry.local.bench;

import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.engine.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Checks on the bench's destination databases. */
final class BenchDatabases {
    private BenchDatabases() {
    }

    /** Fails unless every table of the plan in {@code database} holds the expected number of rows. */
    static void requireCounts(MySqlServer mysql, String database, MigrationPlan plan, Map<String, Long> expected)
            throws SQLException {
        try (Connection c = mysql.connect(database); Statement s = c.createStatement()) {
            for (DataType dataType : plan.dataTypes()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + dataType.table() + "`")) {
                    rs.next();
                    long want = expected.getOrDefault(dataType.name(), 0L);
                    if (rs.getLong(1) != want) {
                        throw new IllegalStateException(database + "." + dataType.table() + " holds " + rs.getLong(1)
                                + " rows, expected " + want);
                    }
                }
            }
        }
    }
}
