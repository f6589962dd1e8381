package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@IntegrationTest
class InstallationDatabasesTest {
    private static DataSource dataSource;
    private final InstallationId installation = TestServer.newInstallation();

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
    }

    @AfterEach
    void dropDatabase() {
        new InstallationDatabases(dataSource).drop(installation);
    }

    @Test
    void shouldNameTheDatabase_fromPrefixAndInstallationId() {
        // given
        InstallationDatabases databases = new InstallationDatabases(dataSource);
        InstallationId acme = InstallationId.of("acme-1");

        // when / then
        assertThat(databases.name(acme)).isEqualTo("ferry_acme-1");
        assertThat(databases.quoted(acme)).isEqualTo("`ferry_acme-1`");
        assertThat(databases.table(acme, "items")).isEqualTo("`ferry_acme-1`.`items`");
        assertThat(new InstallationDatabases(dataSource, "mig_").name(acme)).isEqualTo("mig_acme-1");
        assertThat(new InstallationDatabases(dataSource, "").name(acme)).isEqualTo("acme-1");
    }

    @Test
    void shouldRefuseAPrefix_thatIsNotShortPlainLowerCase() {
        // given / when / then
        assertThatThrownBy(() -> new InstallationDatabases(dataSource, "Ferry_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstallationDatabases(dataSource, "a`b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstallationDatabases(dataSource, "x".repeat(15))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseATableName_thatIsNotAnIdentifier() {
        // given / when / then
        assertThatThrownBy(() -> new InstallationDatabases(dataSource).table(installation, "items`; DROP"))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
    }

    @Test
    void shouldCreateTheDatabaseOnce_inUtf8mb4_andDropIt() throws SQLException {
        // given
        InstallationDatabases databases = new InstallationDatabases(dataSource);
        assertThat(databases.exists(installation)).isFalse();

        // when created twice
        databases.claim(installation);
        databases.claim(installation);

        // then it exists with utf8mb4, until dropped
        assertThat(databases.exists(installation)).isTrue();
        assertThat(charset(databases.name(installation))).isEqualTo("utf8mb4");
        databases.drop(installation);
        assertThat(databases.exists(installation)).isFalse();
    }

    private static String charset(String database) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
