package dev.ferry.dualwrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link Side} and {@link PrimaryReader} for a MySQL-compatible database (TiDB, MySQL, MariaDB): the
 * write's data type is the table name, and its primary key must be the table's primary (or a unique) key.
 *
 * <ul>
 *   <li>Upsert: {@code INSERT INTO `t` (key columns, columns) VALUES (?, …) ON DUPLICATE KEY UPDATE `c` = ?, …}
 *       (a key-only row updates a key column to itself). Delete: {@code DELETE FROM `t` WHERE `k` = ? AND …}.
 *       Read: {@code SELECT * FROM `t` WHERE `k` = ? AND …}.</li>
 *   <li>One statement per call on its own connection, auto-committed (committed right after if the pool's
 *       connections are not in auto-commit mode); no explicit transactions, which TiDB/Forge SQL rules
 *       allow.</li>
 *   <li>Values are only ever bound as parameters. Table, column and database names are validated against
 *       strict patterns (see {@link PrimaryKeyValues}) and back-quoted; an invalid one throws
 *       {@link IllegalArgumentException} before any SQL runs.</li>
 *   <li>SQL failures become a {@link SideException} with the vendor code ({@code SQL1146}) and a fixed
 *       phrase, never the server's message (which may quote values) and without the cause.</li>
 *   <li>Read values: DATETIME/TIMESTAMP as {@link java.time.LocalDateTime}, DATE as
 *       {@link java.time.LocalDate}, TIME as {@link java.time.LocalTime}, everything else as the driver's
 *       {@code getObject}. Date-times are written as text, so both databases must use the same session
 *       time zone for TIMESTAMP columns.</li>
 * </ul>
 * Thread-safe if the {@link DataSource} is.
 */
public final class JdbcSide implements Side, PrimaryReader {
    private final String name;
    private final DataSource dataSource;
    private final Function<String, String> databaseOf;

    private JdbcSide(String name, DataSource dataSource, Function<String, String> databaseOf) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a side needs a name");
        }
        this.name = name;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databaseOf = databaseOf;
    }

    /**
     * Tables in the connection's default database (the one in the JDBC URL); the write's installation id
     * does not choose the database. Suits one data source per installation.
     */
    public static JdbcSide of(String name, DataSource dataSource) {
        return new JdbcSide(name, dataSource, null);
    }

    /**
     * Tables qualified as {@code `db`.`table`}, with {@code db = databaseOf.apply(installationId)}
     * (validated: letters, digits, {@code _}, {@code -}; at most 64). Suits one data source for a server
     * holding a database per installation.
     */
    public static JdbcSide perInstallation(String name, DataSource dataSource, Function<String, String> databaseOf) {
        return new JdbcSide(name, dataSource, Objects.requireNonNull(databaseOf, "databaseOf"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void apply(Write write) {
        Objects.requireNonNull(write, "write");
        String table = table(write.installationId(), write.dataType());
        List<String> keyColumns = quotedAll(write.key().columns());
        List<String> columns = quotedAll(new ArrayList<>(write.values().keySet()));
        List<Object> parameters = new ArrayList<>(write.key().values());
        String sql;
        String what;
        if (write.operation() == Operation.DELETE) {
            sql = "DELETE FROM " + table + " WHERE " + matchKey(keyColumns);
            what = name + ": delete from " + write.dataType();
        } else {
            List<String> all = new ArrayList<>(keyColumns);
            all.addAll(columns);
            parameters.addAll(write.values().values());
            List<String> updates = new ArrayList<>();
            if (columns.isEmpty()) {
                updates.add(keyColumns.get(0) + " = " + keyColumns.get(0));
            } else {
                for (String column : columns) {
                    updates.add(column + " = ?");
                }
                parameters.addAll(write.values().values());
            }
            sql = "INSERT INTO " + table + " (" + String.join(", ", all) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(all.size(), "?"))
                    + ") ON DUPLICATE KEY UPDATE " + String.join(", ", updates);
            what = name + ": upsert into " + write.dataType();
        }
        try (Connection c = JdbcSupport.open(dataSource); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                JdbcSupport.bind(ps, i + 1, parameters.get(i));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw JdbcSupport.describe(what, e);
        }
    }

    @Override
    public Optional<Map<String, Object>> read(String installationId, String dataType, PrimaryKeyValues key) {
        Objects.requireNonNull(key, "key");
        String sql = "SELECT * FROM " + table(installationId, dataType) + " WHERE "
                + matchKey(quotedAll(key.columns()));
        try (Connection c = JdbcSupport.open(dataSource); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < key.values().size(); i++) {
                JdbcSupport.bind(ps, i + 1, key.values().get(i));
            }
            Optional<Map<String, Object>> row = Optional.empty();
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        values.put(meta.getColumnLabel(i), JdbcSupport.read(rs, i, meta.getColumnType(i)));
                    }
                    row = Optional.of(values);
                }
            }
            return row;
        } catch (SQLException e) {
            throw JdbcSupport.describe(name + ": read from " + dataType, e);
        }
    }

    @Override
    public String toString() {
        return "JdbcSide[" + name + "]";
    }

    private String table(String installationId, String dataType) {
        String table = JdbcSupport.quoteName("table", dataType);
        if (databaseOf == null) {
            return table;
        }
        return JdbcSupport.quoteDatabase(databaseOf.apply(Names.requireInstallationId(installationId))) + "." + table;
    }

    private static List<String> quotedAll(List<String> names) {
        List<String> quoted = new ArrayList<>(names.size());
        for (String n : names) {
            quoted.add(JdbcSupport.quoteName("column", n));
        }
        return quoted;
    }

    private static String matchKey(List<String> quotedKeyColumns) {
        List<String> conditions = new ArrayList<>();
        for (String column : quotedKeyColumns) {
            conditions.add(column + " = ?");
        }
        return String.join(" AND ", conditions);
    }
}
