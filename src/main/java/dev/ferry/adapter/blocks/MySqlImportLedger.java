package dev.ferry.adapter.blocks;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.app.port.ImportLedger;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.job.InstallationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link ImportLedger} in the installation's own database: table {@code ferry_imported_files}, one
 * row per imported Event File, keyed by stream and file id. Created on first use
 * ({@code CREATE TABLE IF NOT EXISTS}); every change is one auto-committed statement.
 */
public final class MySqlImportLedger implements ImportLedger {
    static final String TABLE = "ferry_imported_files";

    private final DataSource dataSource;
    private final InstallationDatabases databases;

    public MySqlImportLedger(DataSource dataSource, InstallationDatabases databases) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    @Override
    public Set<String> imported(InstallationId installation, String streamId) {
        String table = ensureTable(installation);
        Set<String> ids = new HashSet<>();
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "read " + table);
             PreparedStatement ps = c.prepareStatement("SELECT `file_id` FROM " + table + " WHERE `stream_id` = ?")) {
            ps.setString(1, streamId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.sinkFailure(e, "reading " + table);
        }
        return ids;
    }

    @Override
    public void record(InstallationId installation, String streamId, FileListEntry entry, Instant now) {
        String table = ensureTable(installation);
        String sql = "INSERT INTO " + table + " (`stream_id`, `file_id`, `data_type`, `sequence`, `part`, `records`, "
                + "`sha256`, `imported_at`) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `imported_at` = VALUES(`imported_at`)";
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "write " + table);
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, streamId);
            ps.setString(2, entry.fileId());
            ps.setString(3, entry.dataType());
            ps.setLong(4, entry.sequence());
            ps.setInt(5, entry.part());
            ps.setLong(6, entry.records());
            ps.setString(7, entry.sha256());
            ps.setObject(8, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.sinkFailure(e, "recording an imported file in " + table);
        }
    }

    @Override
    public void forget(InstallationId installation, String streamId) {
        String table = ensureTable(installation);
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "write " + table);
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE `stream_id` = ?")) {
            ps.setString(1, streamId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.sinkFailure(e, "clearing " + table);
        }
    }

    private String ensureTable(InstallationId installation) {
        String table = databases.table(installation, TABLE);
        String ddl = "CREATE TABLE IF NOT EXISTS " + table + " (`stream_id` VARCHAR(128) NOT NULL, "
                + "`file_id` VARCHAR(128) NOT NULL, `data_type` VARCHAR(64) NOT NULL, `sequence` BIGINT NOT NULL, "
                + "`part` INT NOT NULL, `records` BIGINT NOT NULL, `sha256` CHAR(64) NOT NULL, "
                + "`imported_at` DATETIME(3) NOT NULL, PRIMARY KEY (`stream_id`, `file_id`)) DEFAULT CHARSET=utf8mb4";
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "create " + table);
             Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (SQLException e) {
            throw SqlErrors.sinkFailure(e, "creating " + table);
        }
        return table;
    }
}
