package dev.ferry.local.bench;

import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.BulkLoad;
import dev.ferry.local.sample.SampleSchema;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SampleTable;
import dev.ferry.local.sample.SqlValues;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The ceiling: the installation's rows, read from the source into memory first (not timed), written
 * straight into a fresh database with the plan's tables as multi-row {@code INSERT … ON DUPLICATE KEY
 * UPDATE} statements of up to {@code bench.max-request-bytes} (1 MiB) and 65,535 placeholders (the limits
 * Ferry's own statements keep) —
 * on one connection, then on {@value #CONNECTIONS} connections taking statements from one queue, both
 * prepared by the driver (values rendered into the statement's text), then on {@value #CONNECTIONS}
 * connections prepared on the server (values in the binary protocol, as Ferry sends them) — and, for
 * reference, with {@code LOAD DATA LOCAL INFILE}. Tables are emptied between the four; the best of the
 * three upsert runs is the ceiling.
 */
final class Ceiling {
    static final int CONNECTIONS = 4;
    private static final int MAX_PLACEHOLDERS = 65_535;

    private Ceiling() {
    }

    /** Seconds of each way of writing the same rows. */
    record Figures(long rows, long statements, double oneConnectionSeconds, double manyConnectionsSeconds,
                   double serverPreparedSeconds, double loadDataSeconds) {
        double best() {
            return rows / Math.min(serverPreparedSeconds, Math.min(oneConnectionSeconds, manyConnectionsSeconds));
        }
    }

    private record Chunk(DataType dataType, SampleTable table, List<List<Object>> rows) {
    }

    static Figures measure(MySqlServer mysql, SampleSourceDatabase source, MigrationPlan plan, String installation,
                           String database, long maxStatementBytes) throws Exception {
        Map<DataType, List<List<Object>>> rows = new LinkedHashMap<>();
        long total = 0;
        for (DataType dataType : plan.dataTypes()) {
            List<List<Object>> read = source.rows(installation, dataType.name());
            rows.put(dataType, read);
            total += read.size();
        }
        List<Chunk> chunks = new ArrayList<>();
        rows.forEach((dataType, list) -> chunks.addAll(split(dataType, list, maxStatementBytes)));
        createDatabase(mysql, plan, database);
        double one = write(mysql, database, chunks, 1, false);
        truncate(mysql, plan, database);
        double many = write(mysql, database, chunks, CONNECTIONS, false);
        truncate(mysql, plan, database);
        double serverPrepared = write(mysql, database, chunks, CONNECTIONS, true);
        truncate(mysql, plan, database);
        double loadData;
        try (Connection c = DriverManager.getConnection(mysql.jdbcUrl(database) + "&allowLoadLocalInfile=true",
                mysql.username(), mysql.password())) {
            long started = System.nanoTime();
            for (Map.Entry<DataType, List<List<Object>>> type : rows.entrySet()) {
                BulkLoad.load(c, type.getKey().table(), SampleSchema.table(type.getKey().name()), null, type.getValue().iterator());
            }
            loadData = (System.nanoTime() - started) / 1e9;
        }
        BenchDatabases.requireCounts(mysql, database, plan, rows.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), e -> (long) e.getValue().size())));
        return new Figures(total, chunks.size(), one, many, serverPrepared, loadData);
    }

    static void createDatabase(MySqlServer mysql, MigrationPlan plan, String database) throws SQLException {
        mysql.dropDatabase(database);
        mysql.createDatabase(database);
        try (Connection c = mysql.connect(database); Statement s = c.createStatement()) {
            for (SchemaScript script : plan.schema()) {
                for (String ddl : script.statements()) {
                    s.execute(ddl);
                }
            }
        }
    }

    private static void truncate(MySqlServer mysql, MigrationPlan plan, String database) throws SQLException {
        try (Connection c = mysql.connect(database); Statement s = c.createStatement()) {
            for (DataType dataType : plan.dataTypes()) {
                s.execute("TRUNCATE TABLE `" + dataType.table() + "`");
            }
        }
    }

    /** Rows cut into statements of at most {@code maxBytes} (estimated from the values' sizes) and 65,535 placeholders. */
    private static List<Chunk> split(DataType dataType, List<List<Object>> rows, long maxBytes) {
        SampleTable table = SampleSchema.table(dataType.name());
        int columns = table.columns().size();
        List<Chunk> chunks = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            long size = estimate(rows.get(i));
            if (i > from && (bytes + size > maxBytes || (i - from + 1) * columns > MAX_PLACEHOLDERS)) {
                chunks.add(new Chunk(dataType, table, rows.subList(from, i)));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < rows.size()) {
            chunks.add(new Chunk(dataType, table, rows.subList(from, rows.size())));
        }
        return chunks;
    }

    static long estimate(List<Object> row) {
        long size = 2;
        for (Object value : row) {
            size += 2 + (value instanceof byte[] b ? b.length + b.length / 32 : value instanceof String s ? s.length()
                    : 12);
        }
        return size;
    }

    private static double write(MySqlServer mysql, String database, List<Chunk> chunks, int connections,
                                boolean serverPrepared) throws Exception {
        Queue<Chunk> queue = new ConcurrentLinkedQueue<>(chunks);
        ExecutorService writers = Executors.newFixedThreadPool(connections);
        List<Connection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                opened.add(mysql.connect(database));
            }
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (Connection c : opened) {
                running.add(writers.submit(() -> {
                    for (Chunk chunk = queue.poll(); chunk != null; chunk = queue.poll()) {
                        upsert(c, chunk, serverPrepared);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            writers.shutdownNow();
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    private static void upsert(Connection c, Chunk chunk, boolean serverPrepared) throws SQLException {
        DataType dataType = chunk.dataType();
        List<String> columns = dataType.columnNames();
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        String updates = columns.stream().filter(col -> !dataType.primaryKey().contains(col))
                .map(col -> "`" + col + "` = VALUES(`" + col + "`)").collect(Collectors.joining(", "));
        String sql = "INSERT INTO `" + dataType.table() + "` (" + columns.stream().map(col -> "`" + col + "`")
                .collect(Collectors.joining(", ")) + ") VALUES " + String.join(", ", java.util.Collections.nCopies(
                chunk.rows().size(), row)) + " ON DUPLICATE KEY UPDATE " + updates;
        try (PreparedStatement statement = serverPrepared
                ? c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).serverPrepareStatement(sql) : c.prepareStatement(sql)) {
            int index = 1;
            for (List<Object> values : chunk.rows()) {
                for (int i = 0; i < values.size(); i++) {
                    SqlValues.bind(statement, index++, chunk.table().columns().get(i).kind(), values.get(i));
                }
            }
            statement.executeUpdate();
        }
    }
}
