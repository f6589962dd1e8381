package dev.ferry.dualwrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link MirrorFailureLog} in table {@value #TABLE} of a MySQL-compatible database (TiDB, MySQL, MariaDB).
 *
 * <p>Call {@link #createTableIfNotExists()} once (it is idempotent). Every method runs one auto-committed
 * statement on a connection of its own (no explicit transactions), so the log is safe across threads and
 * processes:
 * <ul>
 *   <li>{@link #record}: {@code INSERT … ON DUPLICATE KEY UPDATE} on the unique key
 *       (installation_id, data_type, key_text), bumping attempts and revision;</li>
 *   <li>{@link #markRepaired}: {@code DELETE … WHERE id = ? AND revision = ?}: a repaired entry is deleted,
 *       not kept; an entry recorded again meanwhile survives;</li>
 *   <li>{@link #recordRepairFailure}: {@code UPDATE … WHERE id = ?}.</li>
 * </ul>
 * Times are stored as UTC {@code DATETIME(6)} (microseconds). Limits: installation id and data type 64
 * characters, key text 512 (longer keys are rejected with {@link IllegalArgumentException}, so
 * {@link DualWriter} reports them as not recorded), error code 64, message 255. The key text holds the
 * key values; error columns never hold values. SQL failures throw a value-free {@link SideException}.
 */
public final class JdbcMirrorFailureLog implements MirrorFailureLog {
    /** The table's name. */
    public static final String TABLE = "ferry_dual_write_failures";
    /** The longest key text the table holds. */
    public static final int MAX_KEY_TEXT = 512;

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String COLUMNS = "id, revision, installation_id, data_type, key_text, operation, attempts,"
            + " error_code, error_message, first_failed_at, last_failed_at";

    private final DataSource dataSource;
    private final String table;

    /** The table in the connection's default database. */
    public JdbcMirrorFailureLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = '`' + TABLE + '`';
    }

    /** The table in {@code database} (letters, digits, {@code _}, {@code -}; at most 64). */
    public JdbcMirrorFailureLog(DataSource dataSource, String database) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = JdbcSupport.quoteDatabase(database) + ".`" + TABLE + '`';
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS}: utf8mb4 with binary collation (keys that differ only in case are
     * distinct entries); the unique key fits the 3072-byte index limit of InnoDB and TiDB.
     */
    public void createTableIfNotExists() {
        String sql = "CREATE TABLE IF NOT EXISTS " + table + " ("
                + " id BIGINT NOT NULL AUTO_INCREMENT,"
                + " revision BIGINT NOT NULL,"
                + " installation_id VARCHAR(64) NOT NULL,"
                + " data_type VARCHAR(64) NOT NULL,"
                + " key_text VARCHAR(" + MAX_KEY_TEXT + ") NOT NULL,"
                + " operation VARCHAR(8) NOT NULL,"
                + " attempts INT NOT NULL,"
                + " error_code VARCHAR(64) NOT NULL,"
                + " error_message VARCHAR(255) NOT NULL,"
                + " first_failed_at DATETIME(6) NOT NULL,"
                + " last_failed_at DATETIME(6) NOT NULL,"
                + " PRIMARY KEY (id),"
                + " UNIQUE KEY uk_ferry_dwf_row (installation_id, data_type, key_text),"
                + " KEY ix_ferry_dwf_last_failed (last_failed_at, id)"
                + ") DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin";
        try (Connection c = JdbcSupport.open(dataSource); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw JdbcSupport.describe("failure log: create table", e);
        }
    }

    @Override
    public void record(MirrorFailure failure) {
        Objects.requireNonNull(failure, "failure");
        String keyText = failure.key().text();
        if (keyText.length() > MAX_KEY_TEXT) {
            throw new IllegalArgumentException("key text longer than " + MAX_KEY_TEXT + " characters");
        }
        String at = time(failure.failedAt());
        String sql = "INSERT INTO " + table + " (revision, installation_id, data_type, key_text, operation, attempts,"
                + " error_code, error_message, first_failed_at, last_failed_at) VALUES (1, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE revision = revision + 1, attempts = attempts + 1, operation = ?,"
                + " error_code = ?, error_message = ?, last_failed_at = ?";
        update("record", sql, failure.installationId(), failure.dataType(), keyText, failure.operation().name(),
                failure.errorCode(), failure.errorMessage(), at, at,
                failure.operation().name(), failure.errorCode(), failure.errorMessage(), at);
    }

    @Override
    public List<PendingFailure> pending(int limit) {
        if (limit < 1 || limit > MAX_BATCH) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_BATCH);
        }
        String sql = "SELECT " + COLUMNS + " FROM " + table + " ORDER BY last_failed_at, id LIMIT ?";
        try (Connection c = JdbcSupport.open(dataSource); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<PendingFailure> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new PendingFailure(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Operation.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8),
                            rs.getString(9), instant(rs, 10), instant(rs, 11)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw JdbcSupport.describe("failure log: read pending", e);
        }
    }

    @Override
    public boolean markRepaired(PendingFailure entry) {
        Objects.requireNonNull(entry, "entry");
        return update("mark repaired", "DELETE FROM " + table + " WHERE id = ? AND revision = ?",
                entry.id(), entry.revision()) > 0;
    }

    @Override
    public void recordRepairFailure(PendingFailure entry, String errorCode, String errorMessage, Instant at) {
        Objects.requireNonNull(entry, "entry");
        ErrorText error = new ErrorText(errorCode, errorMessage);
        update("record repair failure", "UPDATE " + table + " SET revision = revision + 1, attempts = attempts + 1,"
                + " error_code = ?, error_message = ?, last_failed_at = ? WHERE id = ?",
                error.code(), error.message(), time(Objects.requireNonNull(at, "at")), entry.id());
    }

    @Override
    public long pendingCount() {
        try (Connection c = JdbcSupport.open(dataSource);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long count = rs.getLong(1);
            return count;
        } catch (SQLException e) {
            throw JdbcSupport.describe("failure log: count", e);
        }
    }

    private int update(String what, String sql, Object... parameters) {
        try (Connection c = JdbcSupport.open(dataSource); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                JdbcSupport.bind(ps, i + 1, parameters[i]);
            }
            int count = ps.executeUpdate();
            return count;
        } catch (SQLException e) {
            throw JdbcSupport.describe("failure log: " + what, e);
        }
    }

    private static String time(Instant at) {
        return DATE_TIME.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
