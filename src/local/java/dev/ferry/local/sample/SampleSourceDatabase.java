package dev.ferry.local.sample;

import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataGenerator.GeneratedInstallation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>Tables with an {@code updated_at} column ({@link SampleTable#hasChangeFeed()}) also keep
 * tombstones ({@link SampleSchema#deletionsDdl}): every delete through this class records the key and
 * the time, from {@link #now()}, the clock the app's writes use ({@link SourceWrites}).
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
    private final Clock clock;
    private final Set<String> knownInstallations = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A handle on the database; {@link #createSchema()} creates it if needed. */
    public SampleSourceDatabase(MySqlServer server, String database) {
        this(server, database, Clock.systemUTC());
    }

    /** The same, with the clock that dates changes and deletions (UTC). */
    public SampleSourceDatabase(MySqlServer server, String database, Clock clock) {
        this.server = server;
        this.database = MySqlServer.requireValidName(database);
        this.pool = new ConnectionPool(server, database);
        this.clock = Objects.requireNonNull(clock, "clock");
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

    /**
     * The app's current time: UTC from the source's clock, truncated to milliseconds (the precision of
     * {@code updated_at} and {@code deleted_at}). Every change and deletion is dated with it.
     */
    public LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Creates the database and the tables unless they exist. */
    public void createSchema() {
        server.createDatabase(database);
        pool.with(c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute(SampleSchema.INSTALLATIONS_DDL);
                for (SampleTable table : SampleSchema.allTables()) {
                    statement.execute(table.sourceDdl());
                    if (table.hasChangeFeed()) {
                        statement.execute(SampleSchema.deletionsDdl(table));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Replaces all rows with the generated data of the set, every installation READY. Rows are streamed
     * into {@code LOAD DATA LOCAL INFILE} as they are generated, one installation at a time; hundreds of
     * thousands of rows load in seconds.
     */
    public void load(SampleDataSet dataSet) {
        long started = System.nanoTime();
        pool.with(c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute("DELETE FROM installations");
                for (SampleTable table : SampleSchema.allTables()) {
                    statement.execute("TRUNCATE TABLE " + table.dataType());
                    if (table.hasChangeFeed()) {
                        statement.execute("TRUNCATE TABLE " + table.deletionsTable());
                    }
                }
            }
            return null;
        });
        knownInstallations.clear();
        for (String installationId : dataSet.installationIds()) {
            GeneratedInstallation installation = SampleDataGenerator.generate(dataSet, installationId);
            Map<SampleTable, java.util.Iterator<List<Object>>> rows = new java.util.LinkedHashMap<>();
            for (SampleTable table : SampleSchema.tables()) {
                rows.put(table, installation.rows(table.dataType()).iterator());
            }
            loadInstallation(installationId, "READY", rows);
        }
        LOG.log(System.Logger.Level.INFO, "Loaded {0} sample rows of {1} installations into {2} in {3} ms",
                dataSet.totalRows(), dataSet.installations().size(), database, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Adds an installation with that status and its rows per table (values in column order, any order of
     * keys), streamed into {@code LOAD DATA LOCAL INFILE} as the iterators yield them: bulk loading that
     * holds no more than one row at a time. Returns the rows loaded.
     */
    public long loadInstallation(String installationId, String status, Map<SampleTable, java.util.Iterator<List<Object>>> rows) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unknown migration status: " + status);
        }
        try (Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl(database) + "&allowLoadLocalInfile=true",
                server.username(), server.password())) {
            boolean loadData = loadDataAllowed(c);
            long loaded = 0;
            for (Map.Entry<SampleTable, java.util.Iterator<List<Object>>> table : rows.entrySet()) {
                if (loadData) {
                    loaded += BulkLoad.load(c, table.getKey(), installationId, table.getValue());
                } else {
                    loaded += insertRows(c, table.getKey(), installationId, table::getValue);
                }
            }
            insertInstallation(c, installationId, status);
            knownInstallations.add(installationId);
            return loaded;
        } catch (SQLException e) {
            throw new IllegalStateException("Bulk load failed on " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the server takes {@code LOAD DATA LOCAL INFILE} ({@code local_infile}, on by default in MariaDB,
     * off in MySQL 8); otherwise, or with {@code -Dferry.sample.load-data=false}, rows go in as batched
     * multi-row inserts.
     */
    private static boolean loadDataAllowed(Connection c) throws SQLException {
        if ("false".equals(System.getProperty("ferry.sample.load-data"))) {
            return false;
        }
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("SELECT @@local_infile")) {
            return rs.next() && rs.getInt(1) == 1;
        }
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

    /**
     * Whether the installation is known to the source. Asked on every request of the remote, so an
     * installation once found is remembered (installations are only ever added, or all replaced by
     * {@link #load}).
     */
    public boolean installationExists(String installationId) {
        if (knownInstallations.contains(installationId)) {
            return true;
        }
        boolean exists = status(installationId).isPresent();
        if (exists) {
            knownInstallations.add(installationId);
        }
        return exists;
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

    /**
     * Deletes the row with that key; returns the number of rows deleted. For a table with a change
     * feed, the tombstone (key, {@link #now()}) is recorded in the same transaction.
     */
    public int deleteRow(String installationId, String dataType, List<Object> key) {
        return deleteRowAt(installationId, dataType, key).isPresent() ? 1 : 0;
    }

    /**
     * Deletes the row with that key and, for a table with a change feed, records its tombstone, in one
     * transaction; returns the deletion time, or empty when there was no such row (nothing recorded).
     */
    public Optional<LocalDateTime> deleteRowAt(String installationId, String dataType, List<Object> key) {
        SampleTable table = SampleSchema.table(dataType);
        return pool.with(c -> {
            c.setAutoCommit(false);
            LocalDateTime deletedAt = now();
            int deleted = deleteKeys(c, table, installationId, List.of(key), deletedAt);
            c.commit();
            return deleted > 0 ? Optional.of(deletedAt) : Optional.<LocalDateTime>empty();
        });
    }

    // ---- the change feed: rows and tombstones by (time, key)

    /**
     * A position in a change feed: items with {@code from <= time < until} (a null bound is open)
     * and {@code (time, key) > (afterTime, afterKey)} (both null: from the window's start).
     */
    public record FeedWindow(LocalDateTime from, LocalDateTime until, LocalDateTime afterTime, List<Object> afterKey) {
        public FeedWindow {
            if ((afterTime == null) != (afterKey == null)) {
                throw new IllegalArgumentException("afterTime and afterKey go together");
            }
            afterKey = afterKey == null ? null : List.copyOf(afterKey);
        }
    }

    /**
     * Up to {@code max} rows of one installation changed within the window past its position, ordered
     * by {@code (updated_at, primary key)}: one page of the {@code /changes} endpoint.
     */
    public List<List<Object>> changes(String installationId, String dataType, FeedWindow window, int max) {
        SampleTable table = changeFeedTable(dataType);
        String time = table.updatedAt().orElseThrow().name();
        return feed(select(table), table, time, installationId, window, max, rs -> readRow(rs, table));
    }

    /**
     * Up to {@code max} tombstones of one installation within the window past its position, ordered by
     * {@code (deleted_at, primary key)}; each is the key values followed by {@code deleted_at}.
     */
    public List<List<Object>> deletions(String installationId, String dataType, FeedWindow window, int max) {
        SampleTable table = changeFeedTable(dataType);
        // A tombstone is served only while its key is absent: a key deleted and inserted again within one
        // millisecond would otherwise be deleted at the destination by a tombstone as new as the row.
        String keys = String.join(", ", table.primaryKey());
        StringBuilder live = new StringBuilder("live.installation_id = d.installation_id");
        for (String k : table.primaryKey()) {
            live.append(" AND live.").append(k).append(" = d.").append(k);
        }
        String dKeys = table.primaryKey().stream().map(k -> "d." + k).collect(java.util.stream.Collectors.joining(", "));
        String select = "SELECT " + keys + ", deleted_at FROM (SELECT d.installation_id, " + dKeys + ", d.deleted_at FROM "
                + table.deletionsTable() + " d WHERE NOT EXISTS (SELECT 1 FROM " + table.dataType() + " live WHERE "
                + live + ")) AS tombstones";
        return feed(select, table, "deleted_at", installationId, window, max, rs -> {
            int[] keyIndexes = table.keyIndexes();
            Object[] values = new Object[keyIndexes.length + 1];
            for (int i = 0; i < keyIndexes.length; i++) {
                values[i] = SqlValues.read(rs, i + 1, table.columns().get(keyIndexes[i]).kind());
            }
            values[keyIndexes.length] = SqlValues.read(rs, keyIndexes.length + 1, ColumnKind.DATETIME);
            return Collections.unmodifiableList(Arrays.asList(values));
        });
    }

    @FunctionalInterface
    private interface RowMapper {
        List<Object> read(ResultSet rs) throws SQLException;
    }

    /**
     * {@code select WHERE installation_id = ? AND window ORDER BY time, key LIMIT max}. The time columns
     * hold milliseconds, so bounds finer than that are rounded up first (exactly equivalent:
     * {@code t < x} is {@code t < ceil(x)}, {@code t >= x} is {@code t >= ceil(x)}, and a position between
     * two milliseconds lies before every row of the next one).
     */
    private List<List<Object>> feed(String select, SampleTable table, String time, String installationId,
                                    FeedWindow window, int max, RowMapper mapper) {
        StringBuilder sql = new StringBuilder(select).append(" WHERE installation_id = ?");
        List<Object[]> binds = new ArrayList<>();
        binds.add(new Object[] {ColumnKind.STRING, installationId});
        if (window.until() != null) {
            sql.append(" AND ").append(time).append(" < ?");
            binds.add(new Object[] {ColumnKind.DATETIME, ceilToMillis(window.until())});
        }
        if (window.from() != null) {
            sql.append(" AND ").append(time).append(" >= ?");
            binds.add(new Object[] {ColumnKind.DATETIME, ceilToMillis(window.from())});
        }
        if (window.afterTime() != null) {
            LocalDateTime after = window.afterTime();
            if (!ceilToMillis(after).equals(after)) {
                sql.append(" AND ").append(time).append(" >= ?");
                binds.add(new Object[] {ColumnKind.DATETIME, ceilToMillis(after)});
            } else {
                sql.append(" AND (").append(time).append(" > ? OR (").append(time).append(" = ? AND (")
                        .append(keyAfterPredicate(table.primaryKey())).append(")))");
                binds.add(new Object[] {ColumnKind.DATETIME, after});
                binds.add(new Object[] {ColumnKind.DATETIME, after});
                addKeyAfterBinds(binds, table, window.afterKey());
            }
        }
        sql.append(" ORDER BY ").append(time).append(", ").append(String.join(", ", table.primaryKey())).append(" LIMIT ?");
        return pool.with(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql.toString())) {
                int index = 1;
                for (Object[] bind : binds) {
                    SqlValues.bind(statement, index++, (ColumnKind) bind[0], bind[1]);
                }
                statement.setInt(index, max);
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(mapper.read(rs));
                    }
                }
                return rows;
            }
        });
    }

    private static SampleTable changeFeedTable(String dataType) {
        SampleTable table = SampleSchema.table(dataType);
        if (!table.hasChangeFeed()) {
            throw new IllegalArgumentException(dataType + " has no change feed");
        }
        return table;
    }

    /** The least millisecond at or after {@code t}. */
    static LocalDateTime ceilToMillis(LocalDateTime t) {
        LocalDateTime down = t.truncatedTo(ChronoUnit.MILLIS);
        return down.equals(t) ? t : down.plus(1, ChronoUnit.MILLIS);
    }

    // ---- the write endpoint: replacing a key range

    /** What {@link #replaceRange} did. */
    public record RangeReplacement(int rowsWritten, int rowsDeleted) {
    }

    /** A row to be written belongs, by its key, to another installation; nothing was changed. */
    public static final class KeyOfAnotherInstallation extends RuntimeException {
        KeyOfAnotherInstallation(String dataType) {
            super("a key of " + dataType + " belongs to another installation", null, false, false);
        }
    }

    /**
     * Makes the installation's rows whose key lies in {@code (after, through]} (null bounds are open)
     * exactly {@code rows}, in one transaction: deletes the rows of the range that {@code rows} does not
     * hold (recording their tombstones for a table with a change feed) and upserts {@code rows}, every
     * column as given. Keys compare as the database orders them (binary collations). Rows must lie in the
     * range (the caller checks). Replaying the same call changes nothing.
     *
     * @throws KeyOfAnotherInstallation when a row's key is taken by another installation's row
     */
    public RangeReplacement replaceRange(String installationId, String dataType, List<Object> after, List<Object> through,
                                         List<List<Object>> rows) {
        SampleTable table = SampleSchema.table(dataType);
        Set<List<Object>> wanted = new HashSet<>();
        for (List<Object> row : rows) {
            wanted.add(table.keyOf(row));
        }
        return pool.with(c -> {
            c.setAutoCommit(false);
            requireOwnKeys(c, table, installationId, new ArrayList<>(wanted));
            List<List<Object>> gone = new ArrayList<>();
            for (List<Object> key : keysInRange(c, table, installationId, after, through)) {
                if (!wanted.contains(key)) {
                    gone.add(key);
                }
            }
            int deleted = deleteKeys(c, table, installationId, gone, now());
            upsertRows(c, table, installationId, rows);
            c.commit();
            return new RangeReplacement(rows.size(), deleted);
        });
    }

    /** Refuses keys held by another installation's rows (tables whose key lacks the installation). */
    private static void requireOwnKeys(Connection c, SampleTable table, String installationId, List<List<Object>> keys)
            throws SQLException {
        if (table.keyIsPerInstallation()) {
            return;
        }
        for (int start = 0; start < keys.size(); start += BATCH_ROWS) {
            List<List<Object>> batch = keys.subList(start, Math.min(keys.size(), start + BATCH_ROWS));
            String anyKey = String.join(" OR ", Collections.nCopies(batch.size(), "(" + keyEquals(table) + ")"));
            try (PreparedStatement statement = c.prepareStatement("SELECT 1 FROM " + table.dataType()
                    + " WHERE installation_id <> ? AND (" + anyKey + ") LIMIT 1 FOR UPDATE")) {
                statement.setString(1, installationId);
                int index = 2;
                for (List<Object> key : batch) {
                    bindKey(statement, index, table, key);
                    index += key.size();
                }
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        throw new KeyOfAnotherInstallation(table.dataType());
                    }
                }
            }
        }
    }

    private static List<List<Object>> keysInRange(Connection c, SampleTable table, String installationId,
                                                  List<Object> after, List<Object> through) throws SQLException {
        String sql = "SELECT " + String.join(", ", table.primaryKey()) + " FROM " + table.dataType()
                + " WHERE installation_id = ?"
                + (after == null ? "" : " AND (" + keyAfterPredicate(table.primaryKey()) + ")")
                + (through == null ? "" : " AND (" + keyAtMostPredicate(table.primaryKey()) + ")")
                + orderByKey(table) + " FOR UPDATE";
        List<Object[]> binds = new ArrayList<>();
        binds.add(new Object[] {ColumnKind.STRING, installationId});
        if (after != null) {
            addKeyAfterBinds(binds, table, after);
        }
        if (through != null) {
            addKeyAtMostBinds(binds, table, through);
        }
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int index = 1;
            for (Object[] bind : binds) {
                SqlValues.bind(statement, index++, (ColumnKind) bind[0], bind[1]);
            }
            List<List<Object>> keys = new ArrayList<>();
            int[] keyIndexes = table.keyIndexes();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[keyIndexes.length];
                    for (int i = 0; i < keyIndexes.length; i++) {
                        key[i] = SqlValues.read(rs, i + 1, table.columns().get(keyIndexes[i]).kind());
                    }
                    keys.add(List.of(key));
                }
            }
            return keys;
        }
    }

    /** Deletes rows by key and, for a table with a change feed, records their tombstones; returns rows deleted. */
    private static int deleteKeys(Connection c, SampleTable table, String installationId, List<List<Object>> keys,
                                  LocalDateTime deletedAt) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        List<List<Object>> removed = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(
                "DELETE FROM " + table.dataType() + " WHERE installation_id = ? AND " + keyEquals(table))) {
            for (List<Object> key : keys) {
                statement.setString(1, installationId);
                bindKey(statement, 2, table, key);
                if (statement.executeUpdate() > 0) {
                    deleted++;
                    removed.add(key);
                }
            }
        }
        if (table.hasChangeFeed() && !removed.isEmpty()) {
            String columns = String.join(", ", table.primaryKey());
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO " + table.deletionsTable()
                    + " (installation_id, " + columns + ", deleted_at) VALUES (?" + ", ?".repeat(table.primaryKey().size())
                    + ", ?) ON DUPLICATE KEY UPDATE deleted_at = VALUES(deleted_at)")) {
                for (List<Object> key : removed) {
                    statement.setString(1, installationId);
                    bindKey(statement, 2, table, key);
                    SqlValues.bind(statement, 2 + key.size(), ColumnKind.DATETIME, deletedAt);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        return deleted;
    }

    /** {@code INSERT … ON DUPLICATE KEY UPDATE} of every column but the key, in batches. */
    private static void upsertRows(Connection c, SampleTable table, String installationId, List<List<Object>> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Set<String> key = new HashSet<>(table.primaryKey());
        List<String> updates = table.columnNames().stream().filter(name -> !key.contains(name))
                .map(name -> name + " = VALUES(" + name + ")").toList();
        String sql = "INSERT INTO " + table.dataType() + " (installation_id, " + String.join(", ", table.columnNames())
                + ") VALUES (?" + ", ?".repeat(table.columns().size()) + ")"
                + (updates.isEmpty() ? " ON DUPLICATE KEY UPDATE installation_id = installation_id"
                : " ON DUPLICATE KEY UPDATE " + String.join(", ", updates));
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int batched = 0;
            for (List<Object> row : rows) {
                statement.setString(1, installationId);
                for (int i = 0; i < row.size(); i++) {
                    SqlValues.bind(statement, i + 2, table.columns().get(i).kind(), row.get(i));
                }
                statement.addBatch();
                if (++batched >= BATCH_ROWS) {
                    statement.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                statement.executeBatch();
            }
        }
    }

    /** Runs work on a pooled connection (for {@link SourceWrites}); autocommit on, SQL errors unchecked. */
    <T> T withConnection(ConnectionPool.SqlWork<T> work) {
        return pool.with(work);
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

    /** {@code (k1 < ?) OR (k1 = ? AND k2 < ?) OR … OR (k1 = ? AND … AND kn = ?)}: the key is at most the bound. */
    private static String keyAtMostPredicate(List<String> key) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i <= key.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < Math.min(i, key.size()); j++) {
                parts.add(key.get(j) + " = ?");
            }
            if (i < key.size()) {
                parts.add(key.get(i) + " < ?");
            }
            alternatives.add("(" + String.join(" AND ", parts) + ")");
        }
        return String.join(" OR ", alternatives);
    }

    /** The binds of {@link #keyAfterPredicate}, as (kind, value) pairs. */
    private static void addKeyAfterBinds(List<Object[]> binds, SampleTable table, List<Object> key) {
        int[] keyIndexes = table.keyIndexes();
        for (int i = 0; i < keyIndexes.length; i++) {
            for (int j = 0; j <= i; j++) {
                binds.add(new Object[] {table.columns().get(keyIndexes[j]).kind(), key.get(j)});
            }
        }
    }

    /** The binds of {@link #keyAtMostPredicate}, as (kind, value) pairs. */
    private static void addKeyAtMostBinds(List<Object[]> binds, SampleTable table, List<Object> key) {
        int[] keyIndexes = table.keyIndexes();
        for (int i = 0; i <= keyIndexes.length; i++) {
            for (int j = 0; j < Math.min(i + 1, keyIndexes.length); j++) {
                binds.add(new Object[] {table.columns().get(keyIndexes[j]).kind(), key.get(j)});
            }
        }
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
    private static long insertRows(Connection c, SampleTable table, String installationId, Iterable<List<Object>> rows)
            throws SQLException {
        long inserted = 0;
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
                inserted++;
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
        return inserted;
    }
}
