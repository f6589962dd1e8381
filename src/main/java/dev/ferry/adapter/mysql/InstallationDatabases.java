package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.app.port.DestinationGuard;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Maps an installation to its own database ({@code prefix + id}, e.g. {@code ferry_acme-1}) and
 * creates, checks or drops it. Names are always back-quoted, and every adapter qualifies its tables
 * as {@code `db`.`table`}, so one connection pool serves every installation without switching the
 * connection's default database.
 *
 * <p><b>Ferry writes only into databases it owns</b> ({@link #claim}). A database Ferry creates gets an
 * owner mark ({@value #OWNER_TABLE}, one row naming the installation) before anything else. An existing
 * database is Ferry's if it has that mark; if it has none, Ferry takes it only when it is empty (a
 * creation cut short before the mark), when it holds Ferry's state table (created by an earlier Ferry),
 * or when the operator lists the installation for adoption. Anything else — a database some other
 * application uses under a colliding name — is refused with DESTINATION_NOT_OWNED before a single
 * statement touches it. Server schemas ({@code mysql}, {@code information_schema}, …) and configured
 * reserved names are never taken.
 *
 * <p>Failures: unreachable server → SINK_UNAVAILABLE (retryable); anything else → INTERNAL.
 */
public final class InstallationDatabases implements DestinationGuard {
    public static final String DEFAULT_PREFIX = "ferry_";
    /** MySQL's limit on database names; installation ids are at most 50 characters. */
    private static final int MAX_NAME_LENGTH = 64;
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9_]{0,14}");

    /** The owner mark's table in each installation database. */
    public static final String OWNER_TABLE = "ferry_owner";
    /** The server's own schemas (MySQL, MariaDB, TiDB): never an installation's. */
    private static final Set<String> SERVER_SCHEMAS = Set.of("information_schema", "mysql", "performance_schema",
            "sys", "metrics_schema", "lightning_task_info", "test");

    private final DataSource dataSource;
    private final String prefix;
    private final Set<String> reserved;
    private final Set<String> adoptable;
    /** Installations whose database this process has seen to be Ferry's (ownership never goes back). */
    private final Set<String> owned = ConcurrentHashMap.newKeySet();

    public InstallationDatabases(DataSource dataSource) {
        this(dataSource, DEFAULT_PREFIX);
    }

    /** @param prefix lower-case letters, digits and underscores, at most 14 (so every name fits 64 characters) */
    public InstallationDatabases(DataSource dataSource, String prefix) {
        this(dataSource, prefix, Set.of(), Set.of());
    }

    /**
     * @param prefix    lower-case letters, digits and underscores, at most 14 (so every name fits 64 characters)
     * @param reserved  database names never to use, whatever their content (e.g. the app's own source database)
     * @param adoptable installation ids whose existing database, not created by Ferry, Ferry may take over
     */
    public InstallationDatabases(DataSource dataSource, String prefix, Set<String> reserved, Set<String> adoptable) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("database prefix must match " + PREFIX.pattern());
        }
        this.prefix = prefix;
        this.reserved = reserved.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.adoptable = Set.copyOf(adoptable);
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

    /** Whose an installation's database is, as far as Ferry can tell without writing anything. */
    public enum Ownership {
        /** No such database yet: Ferry will create it. */
        ABSENT,
        /** Ferry's (marked, or one Ferry would take: empty, an earlier Ferry's, or adoptable). */
        OWNED,
        /** Someone else's: Ferry refuses to write into it. */
        NOT_OWNED
    }

    /**
     * Makes sure the installation's database exists and is Ferry's: creates and marks it, or checks an
     * existing one (see the class comment). Idempotent; after the first success per process it costs
     * nothing.
     *
     * @throws FerryException DESTINATION_NOT_OWNED (permanent), having written nothing, when the database
     *                        is reserved or belongs to someone else
     */
    public void claim(InstallationId installation) {
        if (owned.contains(installation.value())) {
            return;
        }
        String name = requireNotReserved(installation);
        boolean created;
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "create database");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quoted(installation) + " CHARACTER SET utf8mb4");
            created = true;
        } catch (SQLException e) {
            if (SqlErrors.code(e) != SqlErrors.DATABASE_EXISTS) {
                throw translate(e, "create database");
            }
            created = false;
        }
        if (!created) {
            List<String> tables = tables(name);
            List<String> marks = tables.contains(OWNER_TABLE) ? marks(installation) : List.of();
            if (marks.contains(installation.value())) {
                owned.add(installation.value());
                return;
            }
            if (!marks.isEmpty()) {
                throw new FerryException(ErrorCode.DESTINATION_NOT_OWNED, "database `" + name
                        + "` is marked as Ferry's for another installation; nothing written");
            }
            // an owner table without a row is a mark cut short, like an empty database
            List<String> others = tables.stream().filter(t -> !t.equals(OWNER_TABLE)).toList();
            if (!takeable(installation, others)) {
                throw notOwned(installation, others);
            }
        }
        mark(installation);
        owned.add(installation.value());
    }

    /** What {@link #claim} would find, without creating or marking anything. */
    public Ownership ownership(InstallationId installation) {
        if (owned.contains(installation.value())) {
            return Ownership.OWNED;
        }
        String name = name(installation);
        if (SERVER_SCHEMAS.contains(name.toLowerCase(Locale.ROOT)) || reserved.contains(name.toLowerCase(Locale.ROOT))) {
            return Ownership.NOT_OWNED;
        }
        if (!exists(installation)) {
            return Ownership.ABSENT;
        }
        List<String> tables = tables(name);
        List<String> marks = tables.contains(OWNER_TABLE) ? marks(installation) : List.of();
        if (!marks.isEmpty()) {
            return marks.contains(installation.value()) ? Ownership.OWNED : Ownership.NOT_OWNED;
        }
        return takeable(installation, tables.stream().filter(t -> !t.equals(OWNER_TABLE)).toList())
                ? Ownership.OWNED : Ownership.NOT_OWNED;
    }

    @Override
    public java.util.Optional<String> refusal(InstallationId installation) {
        if (ownership(installation) != Ownership.NOT_OWNED) {
            return java.util.Optional.empty();
        }
        try {
            requireNotReserved(installation);
            return java.util.Optional.of(notOwned(installation, tables(name(installation))).getMessage());
        } catch (FerryException reserved) {
            return java.util.Optional.of(reserved.getMessage());
        }
    }

    private String requireNotReserved(InstallationId installation) {
        String name = name(installation);
        if (SERVER_SCHEMAS.contains(name.toLowerCase(Locale.ROOT)) || reserved.contains(name.toLowerCase(Locale.ROOT))) {
            throw new FerryException(ErrorCode.DESTINATION_NOT_OWNED, "installation " + installation + " maps to database `"
                    + name + "`, which is reserved (a server schema or a database Ferry is told never to use); nothing written");
        }
        return name;
    }

    /** An unmarked database Ferry may take: empty, created by an earlier Ferry (its state table), or adoptable. */
    private boolean takeable(InstallationId installation, List<String> tables) {
        return tables.isEmpty() || tables.contains(StateTables.MIGRATIONS) || adoptable.contains(installation.value());
    }

    private FerryException notOwned(InstallationId installation, List<String> tables) {
        return new FerryException(ErrorCode.DESTINATION_NOT_OWNED, "database `" + name(installation) + "` exists and was "
                + "not created by Ferry (it holds " + tables.size() + " table" + (tables.size() == 1 ? "" : "s") + ", e.g. `"
                + tables.get(0) + "`); nothing written. If it really is installation " + installation
                + "'s, list it in ferry.destination.adopt");
    }

    /** The installations the database's owner mark names (normally one; none when the mark was cut short). */
    private List<String> marks(InstallationId installation) {
        String sql = "SELECT `installation_id` FROM " + table(installation, OWNER_TABLE);
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "read owner mark");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> marks = new ArrayList<>();
            while (rs.next()) {
                marks.add(rs.getString(1));
            }
            return marks;
        } catch (SQLException e) {
            throw translate(e, "read owner mark");
        }
    }

    private void mark(InstallationId installation) {
        String create = "CREATE TABLE IF NOT EXISTS " + table(installation, OWNER_TABLE) + " ("
                + "`installation_id` VARCHAR(64) NOT NULL, `marked_at` DATETIME(3) NOT NULL, "
                + "PRIMARY KEY (`installation_id`)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
        String insert = "INSERT INTO " + table(installation, OWNER_TABLE) + " (`installation_id`, `marked_at`) VALUES (?, ?)";
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "mark database")) {
            try (Statement s = c.createStatement()) {
                s.execute(create);
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, installation.value());
                ps.setString(2, SqlTimes.utcMillis(java.time.Instant.now()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.code(e) != SqlErrors.DUPLICATE_KEY) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw translate(e, "mark database");
        }
    }

    /** The database's tables, lower-cased, in name order. */
    private List<String> tables(String database) {
        String sql = "SELECT `TABLE_NAME` FROM information_schema.TABLES WHERE `TABLE_SCHEMA` = ? ORDER BY `TABLE_NAME`";
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "list tables");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            return tables;
        } catch (SQLException e) {
            throw translate(e, "list tables");
        }
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
        owned.remove(installation.value());
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
