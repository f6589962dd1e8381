package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.SchemaScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link SchemaMigrator} for MySQL-compatible servers. {@link #migrate} creates the installation
 * database, {@code ferry_migrations} and {@code ferry_schema_history} (all {@code IF NOT EXISTS}, fully
 * qualified), refuses the plan (INVALID_PLAN, permanent) if any version already recorded now has a
 * different checksum, and otherwise runs each unrecorded script in version order, one statement per
 * request, then records its version. A script that fails part-way is not recorded and runs again in
 * full next time, which is why scripts should be idempotent ({@code CREATE TABLE IF NOT EXISTS}).
 * Two concurrent runs may both execute a script; only the one whose history INSERT wins reports it.
 *
 * <p><b>Default database.</b> Plan scripts name their tables without a database, so they must run with
 * the installation database as the connection's default. Every other statement in this package is
 * qualified ({@code `db`.`table`}) and never depends on it; this is the one place that switches it, and
 * it is done so that no other borrower of a pooled connection can inherit an installation's database:
 * <ol>
 *   <li>the current default is read with {@code SELECT DATABASE()};</li>
 *   <li>{@link Connection#setCatalog} switches to the installation database and {@code SELECT DATABASE()}
 *       confirms it before any script runs (so a driver configured to ignore setCatalog, e.g. Connector/J
 *       with {@code databaseTerm=SCHEMA}, fails loudly instead of creating tables elsewhere);</li>
 *   <li>in {@code finally} the connection's default goes back to the original database, or, when it had
 *       none (MySQL cannot unset a default database), to {@code information_schema}, where an unqualified
 *       write can only fail. If that reset throws, the connection is closed with the error; Agroal, the
 *       production pool, flushes a connection whose setCatalog threw. (Agroal 2.8 marks the catalog dirty
 *       but does not reset it when a connection comes back, hence the explicit reset here.)</li>
 * </ol>
 * A fresh, unpooled connection per call was the alternative; it would need a second connection
 * configuration next to the pool, for a few milliseconds saved once per installation.
 *
 * <p>Errors: connection loss and timeouts are SINK_UNAVAILABLE (retryable); a script statement the
 * server refuses is INVALID_PLAN (permanent), described with the server's message (the SQL is the
 * plan's own); other failures are INTERNAL.
 */
public final class MySqlSchemaMigrator implements SchemaMigrator {
    /** Neutral default database for a connection that had none: readable system views, no writes. */
    static final String NEUTRAL_CATALOG = "information_schema";
    private static final int MAX_DESCRIPTION = 256;

    private final DataSource dataSource;
    private final InstallationDatabases databases;
    private final Clock clock;

    public MySqlSchemaMigrator(DataSource dataSource, InstallationDatabases databases) {
        this(dataSource, databases, Clock.systemUTC());
    }

    /** @param clock stamps {@code applied_at} in the schema history */
    public MySqlSchemaMigrator(DataSource dataSource, InstallationDatabases databases, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Integer> migrate(InstallationId installation, List<SchemaScript> scripts) {
        List<SchemaScript> ordered = inVersionOrder(scripts);
        databases.claim(installation);
        String db = databases.quoted(installation);
        executeQualified(installation, StateTables.migrationsDdl(db), "create state table");
        executeQualified(installation, StateTables.schemaHistoryDdl(db), "create schema history");

        Map<Integer, String> applied = appliedChecksums(installation);
        for (SchemaScript script : ordered) {
            requireSameChecksum(installation, script, applied.get(script.version()));
        }
        List<SchemaScript> pending = ordered.stream().filter(s -> !applied.containsKey(s.version())).toList();
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Integer> appliedNow = new ArrayList<>();
        for (SchemaScript script : pending) {
            runScript(installation, script);
            if (record(installation, script)) {
                appliedNow.add(script.version());
            }
        }
        return List.copyOf(appliedNow);
    }

    private static List<SchemaScript> inVersionOrder(List<SchemaScript> scripts) {
        Set<Integer> versions = new HashSet<>();
        for (SchemaScript s : scripts) {
            if (!versions.add(s.version())) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "duplicate schema version " + s.version());
            }
        }
        return scripts.stream().sorted(Comparator.comparingInt(SchemaScript::version)).toList();
    }

    private static void requireSameChecksum(InstallationId installation, SchemaScript script, String recorded) {
        if (recorded != null && !recorded.equals(script.checksum())) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "schema version " + script.version()
                    + " was applied to installation " + installation + " with checksum " + recorded
                    + " but the plan's script now has checksum " + script.checksum()
                    + "; applied scripts must not be edited, add a new version instead");
        }
    }

    /** Runs every statement of the script with the installation database as the default database. */
    private void runScript(InstallationId installation, SchemaScript script) {
        String what = "schema version " + script.version() + " of installation " + installation;
        Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, what);
        RuntimeException failure = null;
        String original = null;
        boolean switching = false;
        try {
            original = currentDatabase(c);
            switching = true;
            switchDatabase(c, databases.name(installation));
            List<String> statements = script.statements();
            for (int i = 0; i < statements.size(); i++) {
                try (Statement s = c.createStatement()) {
                    s.execute(statements.get(i));
                } catch (SQLException e) {
                    throw scriptFailure(e, installation, script, i);
                }
            }
        } catch (SQLException e) {
            failure = translate(e, what);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (switching) {
                try {
                    c.setCatalog(original == null || original.isEmpty() ? NEUTRAL_CATALOG : original);
                } catch (SQLException e) {
                    // the connection is then closed with an error; Agroal flushes it rather than pooling it
                    FerryException reset = translate(e, "resetting the default database after " + what);
                    if (failure == null) {
                        failure = reset;
                    } else {
                        failure.addSuppressed(reset);
                    }
                }
            }
            try {
                c.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = translate(e, what);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void switchDatabase(Connection c, String database) throws SQLException {
        c.setCatalog(database);
        String now = currentDatabase(c);
        if (!database.equals(now)) {
            throw new FerryException(ErrorCode.INTERNAL, "the connection did not switch its default database "
                    + "(is the driver set to ignore setCatalog?); no script was run");
        }
    }

    private static FerryException scriptFailure(SQLException e, InstallationId installation, SchemaScript script, int index) {
        String where = "schema version " + script.version() + " statement " + (index + 1) + " of "
                + script.statements().size() + " on installation " + installation;
        if (SqlErrors.isTransient(e)) {
            return new FerryException(ErrorCode.SINK_UNAVAILABLE, where + " failed: " + SqlErrors.describe(e), e);
        }
        return new FerryException(ErrorCode.INVALID_PLAN, where + " was refused: " + SqlErrors.describeWithMessage(e), e);
    }

    private Map<Integer, String> appliedChecksums(InstallationId installation) {
        String sql = "SELECT `version`, `checksum` FROM " + databases.table(installation, StateTables.SCHEMA_HISTORY);
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "read schema history");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            Map<Integer, String> applied = new HashMap<>();
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
            return applied;
        } catch (SQLException e) {
            throw translate(e, "reading the schema history of installation " + installation);
        }
    }

    /** Records the version; false if a concurrent run recorded it first (same checksum, else INVALID_PLAN). */
    private boolean record(InstallationId installation, SchemaScript script) {
        String sql = "INSERT INTO " + databases.table(installation, StateTables.SCHEMA_HISTORY)
                + " (`version`, `description`, `checksum`, `applied_at`) VALUES (?, ?, ?, ?)";
        String description = script.description();
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "record schema version");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, script.version());
            ps.setString(2, description);
            ps.setString(3, script.checksum());
            ps.setObject(4, MySqlJobStore.utc(clock.instant()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlErrors.code(e) == SqlErrors.DUPLICATE_KEY) {
                requireSameChecksum(installation, script, appliedChecksums(installation).get(script.version()));
                return false;
            }
            throw translate(e, "recording schema version " + script.version() + " of installation " + installation);
        }
    }

    private void executeQualified(InstallationId installation, String sql, String what) {
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, what);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw translate(e, what + " of installation " + installation);
        }
    }

    private static FerryException translate(SQLException e, String what) {
        ErrorCode code = SqlErrors.isTransient(e) ? ErrorCode.SINK_UNAVAILABLE : ErrorCode.INTERNAL;
        return new FerryException(code, what + " failed: " + SqlErrors.describe(e), e);
    }
}
