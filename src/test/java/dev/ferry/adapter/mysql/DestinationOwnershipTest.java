package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.SchemaScript;
import dev.ferry.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ferry writes only into databases it created (or was told to adopt), on a real server. */
@IntegrationTest
class DestinationOwnershipTest {
    private static final List<SchemaScript> APP_SCHEMA = List.of(new SchemaScript(1, "projects",
            List.of("CREATE TABLE IF NOT EXISTS projects (id BIGINT NOT NULL, name VARCHAR(50) NOT NULL, PRIMARY KEY (id))")));
    private static DataSource dataSource;
    private final InstallationId installation = TestServer.newInstallation();
    private final InstallationDatabases databases = new InstallationDatabases(dataSource);

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
    }

    @AfterEach
    void dropDatabase() {
        new InstallationDatabases(dataSource).drop(installation);
    }

    @Test
    void shouldMarkADatabaseItCreates_andKeepTakingIt_evenFromAnotherProcess() throws SQLException {
        // given no database yet
        assertThat(databases.ownership(installation)).isEqualTo(InstallationDatabases.Ownership.ABSENT);

        // when Ferry prepares the installation
        new MySqlSchemaMigrator(dataSource, databases).migrate(installation, APP_SCHEMA);

        // then the database carries Ferry's owner mark for this installation, and another instance takes it again
        assertThat(rows("SELECT installation_id FROM " + databases.table(installation, InstallationDatabases.OWNER_TABLE)))
                .containsExactly(installation.value());
        InstallationDatabases another = new InstallationDatabases(dataSource);
        another.claim(installation);
        assertThat(another.ownership(installation)).isEqualTo(InstallationDatabases.Ownership.OWNED);
        assertThat(another.refusal(installation)).isEmpty();
    }

    @Test
    void shouldRefuseADatabaseItDidNotCreate_andLeaveEveryRowOfItAlone() throws SQLException {
        // given a database under the installation's name, holding someone else's tables and rows
        execute("CREATE DATABASE " + databases.quoted(installation));
        execute("CREATE TABLE " + databases.table(installation, "projects") + " (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        execute("CREATE TABLE " + databases.table(installation, "unrelated") + " (x INT)");
        execute("INSERT INTO " + databases.table(installation, "projects") + " VALUES (1, 'theirs')");

        // when Ferry prepares the installation
        // then it is refused as not Ferry's, naming the way to adopt it
        assertThatThrownBy(() -> new MySqlSchemaMigrator(dataSource, databases).migrate(installation, APP_SCHEMA))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_NOT_OWNED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("not created by Ferry").contains("ferry.destination.adopt");
                });
        // and nothing was written: no Ferry table, their row as it was
        assertThat(tables()).containsExactly("projects", "unrelated");
        assertThat(rows("SELECT name FROM " + databases.table(installation, "projects"))).containsExactly("theirs");
        assertThat(databases.ownership(installation)).isEqualTo(InstallationDatabases.Ownership.NOT_OWNED);
        assertThat(databases.refusal(installation)).hasValueSatisfying(r -> assertThat(r).contains("not created by Ferry"));
    }

    @Test
    void shouldTakeADatabaseTheOperatorAdopts() throws SQLException {
        // given someone else's database, and the installation listed for adoption
        execute("CREATE DATABASE " + databases.quoted(installation));
        execute("CREATE TABLE " + databases.table(installation, "legacy") + " (x INT)");
        InstallationDatabases adopting = new InstallationDatabases(dataSource, InstallationDatabases.DEFAULT_PREFIX,
                Set.of(), Set.of(installation.value()));

        // when
        new MySqlSchemaMigrator(dataSource, adopting).migrate(installation, APP_SCHEMA);

        // then it is Ferry's now, marked as such, with Ferry's tables beside the old one
        assertThat(tables()).contains("legacy", "projects", "ferry_owner", "ferry_migrations");
        assertThat(new InstallationDatabases(dataSource).ownership(installation)).isEqualTo(InstallationDatabases.Ownership.OWNED);
    }

    @Test
    void shouldTakeAnEmptyDatabase_leftByACreationCutShortBeforeItsMark() throws SQLException {
        // given an empty database under the installation's name
        execute("CREATE DATABASE " + databases.quoted(installation));

        // when
        databases.claim(installation);

        // then it is marked
        assertThat(tables()).containsExactly("ferry_owner");
    }

    @Test
    void shouldTakeADatabaseAnEarlierFerryCreated_byItsStateTable() throws SQLException {
        // given a database with Ferry's state table but no mark (created before marks existed)
        execute("CREATE DATABASE " + databases.quoted(installation));
        execute(StateTables.migrationsDdl(databases.quoted(installation)));

        // when
        databases.claim(installation);

        // then it is marked and kept
        assertThat(tables()).containsExactly("ferry_migrations", "ferry_owner");
    }

    @Test
    void shouldFinishAMarkCutShort_anOwnerTableWithoutItsRow() throws SQLException {
        // given a database whose owner table was created but whose row never was (a connection lost in between)
        execute("CREATE DATABASE " + databases.quoted(installation));
        execute("CREATE TABLE " + databases.table(installation, InstallationDatabases.OWNER_TABLE)
                + " (installation_id VARCHAR(64) NOT NULL PRIMARY KEY, marked_at DATETIME(3) NOT NULL)");

        // when
        databases.claim(installation);

        // then the mark is completed
        assertThat(rows("SELECT installation_id FROM " + databases.table(installation, InstallationDatabases.OWNER_TABLE)))
                .containsExactly(installation.value());
    }

    @Test
    void shouldRefuseADatabaseMarkedForAnotherInstallation() throws SQLException {
        // given a database marked as Ferry's for someone else (a prefix changed between deployments, say)
        execute("CREATE DATABASE " + databases.quoted(installation));
        execute("CREATE TABLE " + databases.table(installation, InstallationDatabases.OWNER_TABLE)
                + " (installation_id VARCHAR(64) NOT NULL PRIMARY KEY, marked_at DATETIME(3) NOT NULL)");
        execute("INSERT INTO " + databases.table(installation, InstallationDatabases.OWNER_TABLE)
                + " VALUES ('someone-else', NOW(3))");

        // when / then
        assertThatThrownBy(() -> databases.claim(installation))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_NOT_OWNED));
    }

    @Test
    void shouldRefuseReservedAndServerDatabases_withoutCreatingAnything() {
        // given a reserved name (the local run's source, say) and a prefix under which an id names a server schema
        InstallationDatabases reserving = new InstallationDatabases(dataSource, InstallationDatabases.DEFAULT_PREFIX,
                Set.of(databases.name(installation)), Set.of());
        InstallationDatabases bare = new InstallationDatabases(dataSource, "");

        // when / then both are refused, and the reserved one was not created
        assertThatThrownBy(() -> reserving.claim(installation))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_NOT_OWNED);
                    assertThat(e.getMessage()).contains("reserved");
                });
        assertThat(databases.exists(installation)).isFalse();
        assertThatThrownBy(() -> bare.claim(InstallationId.of("mysql")))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_NOT_OWNED));
        assertThat(bare.ownership(InstallationId.of("performance_schema"))).isEqualTo(InstallationDatabases.Ownership.NOT_OWNED);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> tables() throws SQLException {
        return rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + databases.name(installation) + "' ORDER BY TABLE_NAME");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
