package dev.ferry.cli;

import dev.ferry.adapter.mysql.StateTables;
import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The installations Ferry has state for: every database named with the prefix that holds a
 * {@code ferry_migrations} table. The local target's fleet, which needs no remote; an installation the
 * remote lists but Ferry never started is therefore not in it.
 */
final class StateDatabasesDirectory implements InstallationDirectory {
    private final DataSource dataSource;
    private final String prefix;

    StateDatabasesDirectory(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.prefix = prefix;
    }

    @Override
    public Batch list(Cursor after, int limit) {
        String sql = "SELECT `TABLE_SCHEMA` FROM `information_schema`.`TABLES` WHERE `TABLE_NAME` = ? "
                + "AND `TABLE_SCHEMA` LIKE ? ESCAPE '!' AND `TABLE_SCHEMA` > ? ORDER BY `TABLE_SCHEMA` LIMIT ?";
        List<InstallationId> installations = new ArrayList<>();
        String last = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, StateTables.MIGRATIONS);
            s.setString(2, prefix.replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%");
            s.setString(3, after == null ? "" : prefix + after.value());
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    last = rs.getString(1);
                    try {
                        installations.add(InstallationId.of(last.substring(prefix.length())));
                    } catch (RuntimeException notAnInstallationId) {
                        // a database that merely shares the prefix
                    }
                }
            }
        } catch (SQLException e) {
            throw new CliFailure("cannot list the installations' state databases: " + e.getMessage());
        }
        Cursor next = installations.size() < limit || last == null ? null
                : Cursor.ofString(last.substring(prefix.length()));
        return new Batch(installations, next);
    }
}
