package dev.ferry.adapter.mysql;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Maps an installation to its own database ({@code prefix + id}, e.g. {@code ferry_acme-1}) and
 * creates, checks or drops it. Names are always back-quoted, and every adapter qualifies its tables
 * as {@code `db`.`table`}, so one connection pool serves every installation without switching the
 * connection's default database.
 *
 * <p>Failures: unreachable server → SINK_UNAVAILABLE (retryable); anything else → INTERNAL.
 */
public final class InstallationDatabases {
    public static final String DEFAULT_PREFIX = "ferry_";
    /** MySQL's limit on database names; installation ids are at most 50 characters. */
    private static final int MAX_NAME_LENGTH = 64;
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9_]{0,14}");

    private final DataSource dataSource;
    private final String prefix;

    public InstallationDatabases(DataSource dataSource) {
        this(dataSource, DEFAULT_PREFIX);
    }

    /** @param prefix lower-case letters, digits and underscores, at most 14 (so every name fits 64 characters) */
    public InstallationDatabases(DataSource dataSource, String prefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("database prefix must match " + PREFIX.pattern());
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The installation's database name, unquoted. */
    public String name(InstallationId installation) {
        String name = prefix + installation.value();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new FerryException(ErrorCode.INVALID_IDENTIFIER, "database name longer than " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    /** The installation's database name, back-quoted for SQL. */
    public String quoted(InstallationId installation) {
        return Identifiers.quote(name(installation));
    }

    /** {@code `db`.`table`}; {@code table} must be a plan or Ferry identifier. */
    public String table(InstallationId installation, String table) {
        return quoted(installation) + '.' + Identifiers.quote(Identifiers.requireSqlName("table", table));
    }

    /** {@code CREATE DATABASE IF NOT EXISTS `db` CHARACTER SET utf8mb4}. Idempotent. */
    public void createIfMissing(InstallationId installation) {
        execute("CREATE DATABASE IF NOT EXISTS " + quoted(installation) + " CHARACTER SET utf8mb4", "create database");
    }

    public boolean exists(InstallationId installation) {
        String sql = "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "check database");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name(installation));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw translate(e, "check database");
        }
    }

    /** {@code DROP DATABASE IF EXISTS}: for tests and tools only, never called by the migration flow. */
    public void drop(InstallationId installation) {
        execute("DROP DATABASE IF EXISTS " + quoted(installation), "drop database");
    }

    private void execute(String sql, String what) {
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, what);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw translate(e, what);
        }
    }

    private static FerryException translate(SQLException e, String what) {
        ErrorCode code = SqlErrors.isTransient(e) ? ErrorCode.SINK_UNAVAILABLE : ErrorCode.INTERNAL;
        return new FerryException(code, what + " failed: " + SqlErrors.describe(e), e);
    }
}
