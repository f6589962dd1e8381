package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.SchemaScript;
import dev.ferry.testing.IntegrationTest;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class MySqlSchemaMigratorTest {
    private static final Instant FIRST_RUN = Instant.parse("2025-03-01T10:00:00.250Z");
    private static final SchemaScript ITEMS = new SchemaScript(1, "items", List.of(
            "CREATE TABLE IF NOT EXISTS `items` (`id` BIGINT NOT NULL, `name` VARCHAR(100) NULL, PRIMARY KEY (`id`))"));
    private static final SchemaScript TAGS = new SchemaScript(2, "tags and their links", List.of(
            "CREATE TABLE IF NOT EXISTS `tags` (`id` BIGINT NOT NULL, `label` VARCHAR(50) NOT NULL, PRIMARY KEY (`id`))",
            "CREATE TABLE IF NOT EXISTS `item_tags` (`item_id` BIGINT NOT NULL, `tag_id` BIGINT NOT NULL, "
                    + "PRIMARY KEY (`item_id`, `tag_id`))"));
    private static final SchemaScript PRICES = new SchemaScript(3, "item prices", List.of(
            "ALTER TABLE `items` ADD COLUMN `price` DECIMAL(12,2) NULL"));

    private static DataSource dataSource;
    private static InstallationDatabases databases;
    private final List<InstallationId> created = new ArrayList<>();
    private InstallationId installation;
    private MySqlSchemaMigrator migrator;

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
    }

    @BeforeEach
    void newInstallation() {
        installation = newDatabaseName();
        migrator = new MySqlSchemaMigrator(dataSource, databases, Clock.fixed(FIRST_RUN, ZoneOffset.UTC));
    }

    @AfterEach
    void dropCreatedDatabases() {
        created.forEach(databases::drop);
    }

    @Test
    void shouldCreateDatabaseAndStateTables_andApplyEveryScript_onFirstRun() throws SQLException {
        // given an installation without a database
        assertThat(databases.exists(installation)).isFalse();

        // when
        List<Integer> applied = migrator.migrate(installation, List.of(ITEMS, TAGS));

        // then the scripts ran inside the installation database and were recorded
        assertThat(applied).containsExactly(1, 2);
        assertThat(databases.exists(installation)).isTrue();
        assertThat(tables(installation)).containsExactlyInAnyOrder(
                "ferry_migrations", "ferry_owner", "ferry_schema_history", "items", "tags", "item_tags");
        assertThat(history(installation)).containsExactly(
                "1|items|" + ITEMS.checksum() + "|2025-03-01T10:00:00.250",
                "2|tags and their links|" + TAGS.checksum() + "|2025-03-01T10:00:00.250");
    }

    @Test
    void shouldApplyNothing_whenRunAgain() throws SQLException {
        // given a migrated installation
        migrator.migrate(installation, List.of(ITEMS, TAGS));
        List<String> historyBefore = history(installation);

        // when it runs again, later
        MySqlSchemaMigrator later = new MySqlSchemaMigrator(dataSource, databases,
                Clock.fixed(FIRST_RUN.plusSeconds(3600), ZoneOffset.UTC));
        List<Integer> applied = later.migrate(installation, List.of(ITEMS, TAGS));

        // then nothing is applied or re-recorded
        assertThat(applied).isEmpty();
        assertThat(history(installation)).isEqualTo(historyBefore);
    }

    @Test
    void shouldApplyOnlyNewVersions_whenThePlanGrows() throws SQLException {
        // given version 1 applied (its ALTER-free script could run twice, version 3's could not)
        migrator.migrate(installation, List.of(ITEMS));

        // when the plan gains versions 2 and 3
        List<Integer> applied = migrator.migrate(installation, List.of(ITEMS, TAGS, PRICES));

        // then only those run
        assertThat(applied).containsExactly(2, 3);
        assertThat(columns(installation, "items")).containsExactly("id", "name", "price");
    }

    @Test
    void shouldApplyScriptsInVersionOrder_whateverTheOrderGiven() throws SQLException {
        // given version 3 (ALTER items) listed before version 1 (CREATE items)
        // when
        List<Integer> applied = migrator.migrate(installation, List.of(PRICES, ITEMS));

        // then 1 ran first
        assertThat(applied).containsExactly(1, 3);
        assertThat(columns(installation, "items")).containsExactly("id", "name", "price");
    }

    @Test
    void shouldRefuseAnEditedScript_whoseVersionWasApplied() throws SQLException {
        // given version 1 applied
        migrator.migrate(installation, List.of(ITEMS));
        SchemaScript edited = new SchemaScript(1, "items", List.of(
                "CREATE TABLE IF NOT EXISTS `items` (`id` BIGINT NOT NULL, `name` VARCHAR(200) NULL, PRIMARY KEY (`id`))"));

        // when the plan now carries an edited version 1 and a new version 2
        // then it is refused permanently, before anything else runs
        assertThatThrownBy(() -> migrator.migrate(installation, List.of(edited, TAGS)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("schema version 1", ITEMS.checksum(), edited.checksum());
                });
        assertThat(tables(installation)).doesNotContain("tags", "item_tags");
        assertThat(history(installation)).hasSize(1);
    }

    @Test
    void shouldNotRecordAVersion_whenOneOfItsStatementsFails_andApplyItOnceFixed() throws SQLException {
        // given a script whose second statement is broken
        SchemaScript broken = new SchemaScript(1, "items", List.of(ITEMS.statements().get(0), "CREATE TABLE `oops` ("));

        // when
        assertThatThrownBy(() -> migrator.migrate(installation, List.of(broken)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN);
                    assertThat(e.getMessage()).contains("statement 2 of 2", "1064");
                });

        // then the version is not recorded, and the corrected script applies in full
        assertThat(history(installation)).isEmpty();
        assertThat(migrator.migrate(installation, List.of(ITEMS))).containsExactly(1);
    }

    @Test
    void shouldRefuseDuplicateVersions() {
        // given two scripts claiming version 1
        SchemaScript other = new SchemaScript(1, "other", List.of("CREATE TABLE IF NOT EXISTS `other` (`id` INT PRIMARY KEY)"));

        // when / then
        assertThatThrownBy(() -> migrator.migrate(installation, List.of(ITEMS, other)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN));
    }

    @Test
    void shouldReportEachVersionOnce_whenTwoRunsRace() throws Exception {
        // given two migrators starting together on the same installation with idempotent scripts
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<Integer>> run = () -> {
                start.await();
                return migrator.migrate(installation, List.of(ITEMS, TAGS));
            };
            Future<List<Integer>> a = pool.submit(run);
            Future<List<Integer>> b = pool.submit(run);

            // when
            start.countDown();
            List<Integer> all = new ArrayList<>(a.get(20, TimeUnit.SECONDS));
            all.addAll(b.get(20, TimeUnit.SECONDS));

            // then both succeed and each version is reported by exactly one of them
            assertThat(all).containsExactlyInAnyOrder(1, 2);
            assertThat(history(installation)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLeaveAPooledConnectionOnItsOriginalDatabase() throws SQLException {
        // given a one-connection pool whose connection uses another database
        InstallationId home = newDatabaseName();
        databases.claim(home);
        try (OneConnectionPool pool = new OneConnectionPool(dataSource)) {
            pool.physical.setCatalog(databases.name(home));

            // when a migration runs its scripts through that pool
            new MySqlSchemaMigrator(pool, databases).migrate(installation, List.of(ITEMS));

            // then the connection is back on its own database
            assertThat(currentDatabase(pool.physical)).isEqualTo(databases.name(home));
        }
        assertThat(tables(installation)).contains("items");
    }

    @Test
    void shouldLeaveAPooledConnectionWithoutDefaultDatabase_onANeutralOne() throws SQLException {
        // given a one-connection pool whose connection has no default database
        try (OneConnectionPool pool = new OneConnectionPool(dataSource)) {
            assertThat(currentDatabase(pool.physical)).isNull();

            // when
            new MySqlSchemaMigrator(pool, databases).migrate(installation, List.of(ITEMS));

            // then it is left on information_schema, never on the installation's database
            assertThat(currentDatabase(pool.physical)).isEqualToIgnoringCase("information_schema");
        }
    }

    @Test
    void shouldResetTheDefaultDatabase_evenWhenAScriptFails() throws SQLException {
        // given a one-connection pool and a failing script
        SchemaScript broken = new SchemaScript(1, "broken", List.of("CREATE TABLE `oops` ("));
        try (OneConnectionPool pool = new OneConnectionPool(dataSource)) {

            // when
            assertThatThrownBy(() -> new MySqlSchemaMigrator(pool, databases).migrate(installation, List.of(broken)))
                    .isInstanceOf(FerryException.class);

            // then
            assertThat(currentDatabase(pool.physical)).isEqualToIgnoringCase("information_schema");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private InstallationId newDatabaseName() {
        InstallationId id = TestServer.newInstallation();
        created.add(id);
        return id;
    }

    private static List<String> tables(InstallationId installation) throws SQLException {
        return strings("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", databases.name(installation));
    }

    private static List<String> columns(InstallationId installation, String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                     + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, databases.name(installation));
            ps.setString(2, table);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static List<String> history(InstallationId installation) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT `version`, `description`, `checksum`, `applied_at` FROM "
                     + databases.table(installation, StateTables.SCHEMA_HISTORY) + " ORDER BY `version`")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                        + rs.getObject(4, LocalDateTime.class));
            }
        }
        return rows;
    }

    private static List<String> strings(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A pool of one physical connection: close() hands it back instead of closing it, as a pool does. */
    private static final class OneConnectionPool implements DataSource, AutoCloseable {
        final Connection physical;

        OneConnectionPool(DataSource server) throws SQLException {
            this.physical = server.getConnection();
        }

        @Override
        public Connection getConnection() {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public void close() throws SQLException {
            physical.close();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
