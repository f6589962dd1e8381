package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.verify.VerificationCounts;
import dev.ferry.domain.verify.VerificationRecord;
import dev.ferry.domain.verify.VerificationStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link VerificationStore} on the {@code ferry_verifications} table of each installation database:
 * one row per verification run and data type, with its status, counts, a few keys of each kind of
 * difference (JSON arrays), whether it repaired, and where a paused run resumes. The table is
 * created with {@code CREATE TABLE IF NOT EXISTS} the first time a result is saved. Every change is
 * one statement: a plain INSERT (a duplicate key means another delivery was first) or an UPDATE
 * conditional on the chunks compared so far. Times are UTC {@code DATETIME(3)}.
 */
public final class MySqlVerificationStore implements VerificationStore {
    public static final String TABLE = "ferry_verifications";
    private static final String COLUMNS = "`run_id`, `data_type`, `status`, `method`, `repair`, `started_at`, "
            + "`updated_at`, `finished_at`, `chunks`, `source_rows`, `destination_rows`, `missing`, `extra`, "
            + "`different`, `repaired`, `source_rows_read`, `missing_keys`, `extra_keys`, `different_keys`, "
            + "`position_cursor`, `position_key`, `last_error`";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final DataSource dataSource;
    private final InstallationDatabases databases;
    private final ObjectMapper json = new ObjectMapper();

    public MySqlVerificationStore(DataSource dataSource, InstallationDatabases databases) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    /** The table's DDL for an installation database (back-quoted name). */
    public static String ddl(String quotedDatabase) {
        return "CREATE TABLE IF NOT EXISTS " + quotedDatabase + ".`" + TABLE + "` ("
                + "`run_id` VARCHAR(64) NOT NULL, "
                + "`data_type` VARCHAR(64) NOT NULL, "
                + "`status` VARCHAR(20) NOT NULL, "
                + "`method` VARCHAR(20) NULL, "
                + "`repair` BOOLEAN NOT NULL, "
                + "`started_at` DATETIME(3) NOT NULL, "
                + "`updated_at` DATETIME(3) NOT NULL, "
                + "`finished_at` DATETIME(3) NULL, "
                + "`chunks` BIGINT NOT NULL, "
                + "`source_rows` BIGINT NOT NULL, "
                + "`destination_rows` BIGINT NOT NULL, "
                + "`missing` BIGINT NOT NULL, "
                + "`extra` BIGINT NOT NULL, "
                + "`different` BIGINT NOT NULL, "
                + "`repaired` BIGINT NOT NULL, "
                + "`source_rows_read` BIGINT NOT NULL, "
                + "`missing_keys` TEXT NULL, "
                + "`extra_keys` TEXT NULL, "
                + "`different_keys` TEXT NULL, "
                + "`position_cursor` TEXT NULL, "
                + "`position_key` TEXT NULL, "
                + "`last_error` VARCHAR(1000) NULL, "
                + "PRIMARY KEY (`run_id`, `data_type`), "
                + "KEY `idx_ferry_verifications_latest` (`data_type`, `started_at`)"
                + ") DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    @Override
    public Optional<VerificationRecord> find(InstallationId installation, String runId, String dataType) {
        String sql = "SELECT " + COLUMNS + " FROM " + table(installation) + " WHERE `run_id` = ? AND `data_type` = ?";
        try (Connection c = open("read verification");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            ps.setString(2, dataType);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e)) {
                return Optional.empty();
            }
            throw translate(e, "read verification");
        }
    }

    @Override
    public boolean insert(InstallationId installation, VerificationRecord record) {
        String sql = "INSERT INTO " + table(installation) + " (" + COLUMNS + ") VALUES (?" + ", ?".repeat(21) + ")";
        for (int attempt = 0; ; attempt++) {
            try (Connection c = open("save verification");
                 PreparedStatement ps = c.prepareStatement(sql)) {
                bindRecord(ps, 1, record, true);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (SqlErrors.code(e) == SqlErrors.DUPLICATE_KEY) {
                    return false;
                }
                if (attempt == 0 && SqlErrors.isMissingDatabaseOrTable(e)) {
                    createTable(installation);
                    continue;
                }
                throw translate(e, "save verification");
            }
        }
    }

    @Override
    public boolean update(InstallationId installation, VerificationRecord record, long expectedChunks) {
        String sql = "UPDATE " + table(installation) + " SET `status` = ?, `method` = ?, `repair` = ?, `started_at` = ?, "
                + "`updated_at` = ?, `finished_at` = ?, `chunks` = ?, `source_rows` = ?, `destination_rows` = ?, "
                + "`missing` = ?, `extra` = ?, `different` = ?, `repaired` = ?, `source_rows_read` = ?, "
                + "`missing_keys` = ?, `extra_keys` = ?, `different_keys` = ?, `position_cursor` = ?, "
                + "`position_key` = ?, `last_error` = ? "
                + "WHERE `run_id` = ? AND `data_type` = ? AND `chunks` = ? AND `status` = 'RUNNING'";
        try (Connection c = open("save verification");
             PreparedStatement ps = c.prepareStatement(sql)) {
            int index = bindRecord(ps, 1, record, false);
            ps.setString(index++, record.runId());
            ps.setString(index++, record.dataType());
            ps.setLong(index, expectedChunks);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw translate(e, "save verification");
        }
    }

    @Override
    public List<VerificationRecord> latest(InstallationId installation) {
        String t = table(installation);
        String sql = "SELECT " + prefixed("v") + " FROM " + t + " v JOIN (SELECT `data_type`, MAX(`started_at`) AS `s` FROM "
                + t + " GROUP BY `data_type`) m ON v.`data_type` = m.`data_type` AND v.`started_at` = m.`s` "
                + "ORDER BY v.`data_type`, v.`run_id` DESC";
        try (Connection c = open("read verifications");
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<VerificationRecord> records = new ArrayList<>();
            while (rs.next()) {
                VerificationRecord record = read(rs);
                if (records.isEmpty() || !records.get(records.size() - 1).dataType().equals(record.dataType())) {
                    records.add(record);
                }
            }
            return records;
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e)) {
                return List.of();
            }
            throw translate(e, "read verifications");
        }
    }

    private void createTable(InstallationId installation) {
        databases.claim(installation);
        try (Connection c = open("create " + TABLE);
             Statement s = c.createStatement()) {
            s.execute(ddl(databases.quoted(installation)));
        } catch (SQLException e) {
            throw translate(e, "create " + TABLE);
        }
    }

    /** Binds every column but the key (and the key too when inserting); returns the next index. */
    private int bindRecord(PreparedStatement ps, int index, VerificationRecord r, boolean withKey) throws SQLException {
        if (withKey) {
            ps.setString(index++, r.runId());
            ps.setString(index++, r.dataType());
        }
        VerificationCounts c = r.counts();
        ps.setString(index++, r.status().name());
        ps.setString(index++, r.method());
        ps.setBoolean(index++, r.repair());
        ps.setString(index++, SqlTimes.utcMillis(r.startedAt()));
        ps.setString(index++, SqlTimes.utcMillis(r.updatedAt()));
        ps.setString(index++, r.finishedAt() == null ? null : SqlTimes.utcMillis(r.finishedAt()));
        for (long n : new long[] {c.chunks(), c.sourceRows(), c.destinationRows(), c.missing(), c.extra(), c.different(),
                c.repaired(), c.sourceRowsRead()}) {
            ps.setLong(index++, n);
        }
        ps.setString(index++, write(c.missingKeys()));
        ps.setString(index++, write(c.extraKeys()));
        ps.setString(index++, write(c.differentKeys()));
        ps.setString(index++, r.positionCursor() == null ? null : r.positionCursor().encode());
        ps.setString(index++, r.positionKey());
        ps.setString(index++, r.lastError());
        return index;
    }

    private VerificationRecord read(ResultSet rs) throws SQLException {
        VerificationCounts counts = new VerificationCounts(rs.getLong("chunks"), rs.getLong("source_rows"),
                rs.getLong("destination_rows"), rs.getLong("missing"), rs.getLong("extra"), rs.getLong("different"),
                rs.getLong("repaired"), rs.getLong("source_rows_read"), strings(rs.getString("missing_keys")),
                strings(rs.getString("extra_keys")), strings(rs.getString("different_keys")));
        VerificationStatus status;
        try {
            status = VerificationStatus.valueOf(rs.getString("status"));
        } catch (IllegalArgumentException e) {
            throw new FerryException(ErrorCode.INTERNAL, TABLE + " holds an unknown status");
        }
        return new VerificationRecord(rs.getString("run_id"), rs.getString("data_type"), status, rs.getString("method"),
                rs.getBoolean("repair"), instant(rs.getObject("started_at", LocalDateTime.class)),
                instant(rs.getObject("updated_at", LocalDateTime.class)),
                instant(rs.getObject("finished_at", LocalDateTime.class)), counts,
                Cursor.decode(rs.getString("position_cursor")), rs.getString("position_key"), rs.getString("last_error"));
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private String write(List<String> keys) {
        try {
            return json.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a list of strings failed", e);
        }
    }

    private List<String> strings(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(stored, STRINGS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private String table(InstallationId installation) {
        return databases.table(installation, TABLE);
    }

    private Connection open(String what) {
        return Connections.open(dataSource, ErrorCode.STATE_STORE_UNAVAILABLE, what);
    }

    private static FerryException translate(SQLException e, String what) {
        ErrorCode code = SqlErrors.isTransient(e) ? ErrorCode.STATE_STORE_UNAVAILABLE : ErrorCode.INTERNAL;
        return new FerryException(code, "state store: " + what + " failed: " + SqlErrors.describe(e), e);
    }
}
