package dev.ferry.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

@IntegrationTest
class MySqlServerTest {

    @Test
    void shouldReadHostPortAndCredentials_fromServerUrl() {
        // when
        MySqlServer server = MySqlServer.fromServerUrl("jdbc:mysql://127.0.0.1:3307/ignored?user=app&password=s%26cret");

        // then
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isEqualTo(3307);
        assertThat(server.username()).isEqualTo("app");
        assertThat(server.password()).isEqualTo("s&cret");
        assertThat(server.isEmbedded()).isFalse();
        assertThat(MySqlServer.fromServerUrl(server.serverUrl()).password()).isEqualTo("s&cret");
    }

    @Test
    void shouldBuildJdbcUrl_withBatchRewriteAndUtcSession_andWithoutCredentials() {
        // given
        MySqlServer server = MySqlServer.fromServerUrl("jdbc:mysql://localhost/?user=root&password=&sslMode=REQUIRED");

        // when
        String url = server.jdbcUrl("ferry_x");

        // then
        assertThat(url).startsWith("jdbc:mysql://localhost:3306/ferry_x?")
                .contains("rewriteBatchedStatements=true", "connectionTimeZone=UTC",
                        "forceConnectionTimeZoneToSession=true", "sslMode=REQUIRED")
                .doesNotContain("user=", "password=");
        assertThat(server.jdbcUrl("")).startsWith("jdbc:mysql://localhost:3306/?");
    }

    @Test
    void shouldRefuseDatabaseName_thatCouldEscapeQuoting() {
        // when / then
        assertThatThrownBy(() -> MySqlServer.requireValidName("x`; DROP DATABASE mysql; --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MySqlServer.requireValidName("a".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCreateUniqueDatabase_andDropItOnClose() throws Exception {
        // given
        MySqlServer server = TestMySql.server();
        String name;

        // when
        try (TestDatabase database = TestMySql.uniqueDatabase("engine")) {
            name = database.name();
            assertThat(server.databaseExists(name)).isTrue();
            try (Connection c = database.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@character_set_database, @@collation_database, @@session.time_zone")) {
                rs.next();
                // then the database is utf8mb4 with binary collation and the session runs in UTC
                assertThat(rs.getString(1)).isEqualTo("utf8mb4");
                assertThat(rs.getString(2)).isEqualTo("utf8mb4_bin");
                assertThat(rs.getString(3)).isIn("UTC", "+00:00");
            }
        }

        // then
        assertThat(server.databaseExists(name)).isFalse();
    }

    @Test
    void shouldStartEmbeddedMariaDb_onLoopback_theDefaultOnAMachineWithoutAServer() throws Exception {
        // when the embedded server is asked for (what the local run and the tests use where no server answers)
        MySqlServer server = MySqlServer.embedded();

        // then
        assertThat(server.isEmbedded()).isTrue();
        try (Connection c = server.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT VERSION(), @@bind_address, @@character_set_server")) {
            rs.next();
            assertThat(rs.getString(1)).containsIgnoringCase("MariaDB");
            assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
            assertThat(rs.getString(3)).isEqualTo("utf8mb4");
        }
    }

    @Test
    void shouldDropOnlyTheDatabasesFerryMarkedAsItsOwn_whenStartingFresh() throws Exception {
        // given, under one prefix: a database marked for its installation, one marked for another, one unmarked
        MySqlServer server = TestMySql.server();
        String prefix = "fresh" + Long.toHexString(System.nanoTime()) + "_";
        for (String name : List.of("acme", "globex", "victim")) {
            server.createDatabase(prefix + name);
        }
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `" + prefix + "acme`.ferry_owner (installation_id VARCHAR(64) PRIMARY KEY)");
            s.execute("INSERT INTO `" + prefix + "acme`.ferry_owner VALUES ('acme')");
            s.execute("CREATE TABLE `" + prefix + "globex`.ferry_owner (installation_id VARCHAR(64) PRIMARY KEY)");
            s.execute("INSERT INTO `" + prefix + "globex`.ferry_owner VALUES ('someone-else')");
            s.execute("CREATE TABLE `" + prefix + "victim`.projects (id INT PRIMARY KEY)");
        }
        try {
            // when
            List<String> dropped = server.dropFerryOwnedDatabases(prefix);

            // then only the database marked for the installation its name says is gone
            assertThat(dropped).containsExactly(prefix + "acme");
            assertThat(server.databaseExists(prefix + "acme")).isFalse();
            assertThat(server.databaseExists(prefix + "globex")).isTrue();
            assertThat(server.databaseExists(prefix + "victim")).isTrue();
        } finally {
            for (String name : List.of("acme", "globex", "victim")) {
                server.dropDatabase(prefix + name);
            }
        }
    }
}
