package dev.ferry.local.sample;

import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataGenerator.GeneratedInstallation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The sample app's shared source database: every installation's rows in one set of tables, told
 * apart by {@code installation_id}, plus each installation's migration status.
 *
 * <p>Rows are lists of Java values in the column order of {@link SampleSchema} (see
 * {@link ColumnKind} for the types) and come ordered by primary key. JSON columns are returned as
 * the stored text; compare them as parsed JSON, since a MySQL server normalises JSON text.
 */
public final class SampleSourceDatabase implements AutoCloseable {

    /** The database name the local run uses. */
    public static final String DEFAULT_DATABASE = "ferry_sample_source";
    /** The statuses {@code /migration-status} reports and accepts. */
    public static final Set<String> STATUSES = Set.of("READY", "PENDING", "IN_PROGRESS", "DONE");

    private static final System.Logger LOG = System.getLogger(SampleSourceDatabase.class.getName());
    private static final int BATCH_ROWS = 500;
    private static final long BATCH_BYTES = 4L * 1024 * 1024;

    private final MySqlServer server;
    private final String database;
    private final ConnectionPool pool;

    /** A handle on the database; {@link #createSchema()} creates it if needed. */
    public SampleSourceDatabase(MySqlServer server, String database) {
        this.server = server;
        this.database = MySqlServer.requireValidName(database);
        this.pool = new ConnectionPool(server, database);
    }

    /** Creates the database and its tables, then replaces their rows with the data set's. */
    public static SampleSourceDatabase createAndLoad(MySqlServer server, String database, SampleDataSet dataSet) {
        SampleSourceDatabase source = new SampleSourceDatabase(server, database);
        source.createSchema();
        source.load(dataSet);
        return source;
    }

    public String database() {
        return database;
    }

    public MySqlServer server() {
        return server;
    }

    /** Creates the database and the tables unless they exist. */
    public void createSchema() {
        server.createDatabase(database);
        pool.with(c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute(SampleSchema.INSTALLATIONS_DDL);
                for (SampleTable table : SampleSchema.tables()) {
                    statement.execute(table.sourceDdl());
                }
            }
            return null;
        });
    }

    /**
     * Replaces all rows with the generated data of the set, every installation READY. Uses
     * multi-row batched inserts; the default set loads in a few seconds.
     */
    public void load(SampleDataSet dataSet) {
        long started = System.nanoTime();
        pool.with(c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute("DELETE FROM installations");
                for (SampleTable table : SampleSchema.tables()) {
                    statement.execute("TRUNCATE TABLE " + table.dataType());
                }
            }
            c.setAutoCommit(false);
            for (GeneratedInstallation installation : SampleDataGenerator.generate(dataSet)) {
                insertInstallation(c, installation.installationId(), "READY");
                for (SampleTable table : SampleSchema.tables()) {
                    insertRows(c, table, installation.installationId(), installation.rows(table.dataType()));
                }
                c.commit();
            }
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "Loaded {0} sample rows of {1} installations into {2} in {3} ms",
                dataSet.totalRows(), dataSet.installations().size(), database, (System.nanoTime() - started) / 1_000_000);
    }

    // ---- installations and their migration status

    /** All installation ids, in id order. */
    public List<String> installationIds() {
        return installationIds(null, Integer.MAX_VALUE);
    }

    /** Up to {@code max} installation ids after {@code after} (exclusive; null for the start), in id order. */
    public List<String> installationIds(String after, int max) {
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT installation_id FROM installations"
                    + " WHERE installation_id > ? ORDER BY installation_id LIMIT ?")) {
                statement.setString(1, after == null ? "" : after);
                statement.setInt(2, max);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /** The installation's migration status, or empty for an unknown installation. */
    public Optional<String> status(String installationId) {
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT status FROM installations WHERE installation_id = ?")) {
                statement.setString(1, installationId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Whether the installation is known to the source. */
    public boolean installationExists(String installationId) {
        return status(installationId).isPresent();
    }

    /** Sets the status of a known installation; returns false for an unknown one. */
    public boolean setStatus(String installationId, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unknown migration status: " + status);
        }
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "UPDATE installations SET status = ?, updated_at = UTC_TIMESTAMP(3) WHERE installation_id = ?")) {
                statement.setString(1, status);
                statement.setString(2, installationId);
                return statement.executeUpdate() > 0;
            }
        });
    }

    /** Adds an installation (without rows) with the given status. */
    public void addInstallation(String installationId, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unknown migration status: " + status);
        }
        pool.with(c -> {
            insertInstallation(c, installationId, status);
            return null;
        });
    }

    // ---- rows, for the remote and for verification

    /** The migrated column names of a data type, in row order. */
    public List<String> columns(String dataType) {
        return SampleSchema.table(dataType).columnNames();
    }

    /** The number of rows of one installation and data type. */
    public long rowCount(String installationId, String dataType) {
        SampleTable table = SampleSchema.table(dataType);
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT COUNT(*) FROM " + table.dataType() + " WHERE installation_id = ?")) {
                statement.setString(1, installationId);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** All rows of one installation and data type, ordered by primary key. */
    public List<List<Object>> rows(String installationId, String dataType) {
        List<List<Object>> rows = new ArrayList<>();
        forEachRow(installationId, dataType, rows::add);
        return rows;
    }

    /** Streams the rows of one installation and data type to {@code consumer}, ordered by primary key. */
    public void forEachRow(String installationId, String dataType, Consumer<List<Object>> consumer) {
        SampleTable table = SampleSchema.table(dataType);
        pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(select(table) + " WHERE installation_id = ?"
                    + orderByKey(table), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(Integer.MIN_VALUE); // stream rather than buffer the result
                statement.setString(1, installationId);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(readRow(rs, table));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Up to {@code max} rows of one installation whose key comes after {@code afterKey} (null for
     * the first rows), ordered by primary key: one page of the remote's data-migration endpoint.
     */
    public List<List<Object>> rowsAfter(String installationId, String dataType, List<Object> afterKey, int max) {
        SampleTable table = SampleSchema.table(dataType);
        String sql = select(table) + " WHERE installation_id = ?"
                + (afterKey == null ? "" : " AND (" + keyAfterPredicate(table.primaryKey()) + ")")
                + orderByKey(table) + " LIMIT ?";
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                int index = 1;
                statement.setString(index++, installationId);
                if (afterKey != null) {
                    index = bindKeyAfter(statement, index, table, afterKey);
                }
                statement.setInt(index, max);
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(readRow(rs, table));
                    }
                }
                return rows;
            }
        });
    }

    /** The row with that key, if present. */
    public Optional<List<Object>> findRow(String installationId, String dataType, List<Object> key) {
        SampleTable table = SampleSchema.table(dataType);
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    select(table) + " WHERE installation_id = ? AND " + keyEquals(table))) {
                statement.setString(1, installationId);
                bindKey(statement, 2, table, key);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(readRow(rs, table)) : Optional.empty();
                }
            }
        });
    }

    // ---- live writes

    /** Inserts one row (values in column order) for an installation, as the app would while users work. */
    public void insertRow(String installationId, String dataType, List<Object> values) {
        SampleTable table = SampleSchema.table(dataType);
        pool.with(c -> {
            insertRows(c, table, installationId, List.of(values));
            return null;
        });
    }

    /** Changes some columns (by name) of the row with that key; returns the number of rows changed. */
    public int updateRow(String installationId, String dataType, List<Object> key, Map<String, Object> changes) {
        SampleTable table = SampleSchema.table(dataType);
        List<SampleColumn> columns = changes.keySet().stream()
                .map(name -> table.columns().stream().filter(col -> col.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("No column " + name + " in " + dataType)))
                .toList();
        if (columns.isEmpty()) {
            return 0;
        }
        String assignments = columns.stream().map(col -> col.name() + " = ?").collect(Collectors.joining(", "));
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement("UPDATE " + table.dataType() + " SET " + assignments
                    + " WHERE installation_id = ? AND " + keyEquals(table))) {
                int index = 1;
                for (SampleColumn column : columns) {
                    SqlValues.bind(statement, index++, column.kind(), changes.get(column.name()));
                }
                statement.setString(index++, installationId);
                bindKey(statement, index, table, key);
                return statement.executeUpdate();
            }
        });
    }

    /** Deletes the row with that key; returns the number of rows deleted. */
    public int deleteRow(String installationId, String dataType, List<Object> key) {
        SampleTable table = SampleSchema.table(dataType);
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "DELETE FROM " + table.dataType() + " WHERE installation_id = ? AND " + keyEquals(table))) {
                statement.setString(1, installationId);
                bindKey(statement, 2, table, key);
                return statement.executeUpdate();
            }
        });
    }

    /** An id above every id of a single-integer-key data type, across all installations. */
    public long nextId(String dataType) {
        SampleTable table = SampleSchema.table(dataType);
        if (!table.hasSingleIntegerKey()) {
            throw new IllegalArgumentException(dataType + " has no single integer key");
        }
        return pool.with(c -> {
            try (Statement statement = c.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(" + table.primaryKey().get(0) + "), 0) + 1 FROM "
                         + table.dataType())) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- SQL building; identifiers come only from SampleSchema

    private static String select(SampleTable table) {
        return "SELECT " + String.join(", ", table.columnNames()) + " FROM " + table.dataType();
    }

    private static String orderByKey(SampleTable table) {
        return " ORDER BY " + String.join(", ", table.primaryKey());
    }

    private static String keyEquals(SampleTable table) {
        return table.primaryKey().stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code (k1 > ?) OR (k1 = ? AND k2 > ?) OR …}: keyset pagination that works on any MySQL. */
    private static String keyAfterPredicate(List<String> key) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(key.get(j) + " = ?");
            }
            parts.add(key.get(i) + " > ?");
            alternatives.add("(" + String.join(" AND ", parts) + ")");
        }
        return String.join(" OR ", alternatives);
    }

    private static int bindKeyAfter(PreparedStatement statement, int index, SampleTable table, List<Object> key)
            throws SQLException {
        int[] keyIndexes = table.keyIndexes();
        for (int i = 0; i < keyIndexes.length; i++) {
            for (int j = 0; j <= i; j++) {
                SqlValues.bind(statement, index++, table.columns().get(keyIndexes[j]).kind(), key.get(j));
            }
        }
        return index;
    }

    private static void bindKey(PreparedStatement statement, int index, SampleTable table, List<Object> key)
            throws SQLException {
        int[] keyIndexes = table.keyIndexes();
        if (key.size() != keyIndexes.length) {
            throw new IllegalArgumentException("Expected a key of " + table.primaryKey() + ", got " + key);
        }
        for (int i = 0; i < keyIndexes.length; i++) {
            SqlValues.bind(statement, index + i, table.columns().get(keyIndexes[i]).kind(), key.get(i));
        }
    }

    private static List<Object> readRow(ResultSet rs, SampleTable table) throws SQLException {
        Object[] values = new Object[table.columns().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = SqlValues.read(rs, i + 1, table.columns().get(i).kind());
        }
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private static void insertInstallation(Connection c, String installationId, String status) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(
                "INSERT INTO installations (installation_id, status, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3))")) {
            statement.setString(1, installationId);
            statement.setString(2, status);
            statement.executeUpdate();
        }
    }

    /** Batched inserts, which Connector/J rewrites into multi-row statements. */
    private static void insertRows(Connection c, SampleTable table, String installationId, List<List<Object>> rows)
            throws SQLException {
        String sql = "INSERT INTO " + table.dataType() + " (installation_id, " + String.join(", ", table.columnNames())
                + ") VALUES (?" + ", ?".repeat(table.columns().size()) + ")";
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int batched = 0;
            long bytes = 0;
            for (List<Object> row : rows) {
                if (row.size() != table.columns().size()) {
                    throw new IllegalArgumentException("Expected " + table.columns().size() + " values for "
                            + table.dataType() + ", got " + row.size());
                }
                statement.setString(1, installationId);
                for (int i = 0; i < row.size(); i++) {
                    Object value = row.get(i);
                    SqlValues.bind(statement, i + 2, table.columns().get(i).kind(), value);
                    bytes += value instanceof byte[] b ? b.length : value instanceof String s ? s.length() * 3L : 8;
                }
                statement.addBatch();
                if (++batched >= BATCH_ROWS || bytes >= BATCH_BYTES) {
                    statement.executeBatch();
                    batched = 0;
                    bytes = 0;
                }
            }
            if (batched > 0) {
                statement.executeBatch();
            }
        }
    }
}
