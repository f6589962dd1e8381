package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.Primary;
import dev.ferry.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is particular to MySQL in recording the primary: the {@code __CUTOVER__} row of the state table. */
@IntegrationTest
class MySqlJobStoreCutoverTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
    private static DataSource dataSource;
    private static InstallationDatabases databases;
    private final List<InstallationId> created = new ArrayList<>();
    private MySqlJobStore store;
    private InstallationId installation;

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
    }

    @BeforeEach
    void migrate() {
        store = new MySqlJobStore(dataSource, databases);
        installation = TestServer.newInstallation();
        created.add(installation);
        new MySqlSchemaMigrator(dataSource, databases).migrate(installation, List.of());
    }

    @AfterEach
    void drop() {
        created.forEach(databases::drop);
    }

    @Test
    void shouldKeepThePrimaryInOneCutoverRow_besideTheTrackingRow() throws SQLException {
        // given a tracking row
        store.initTracking(installation, InstallationStatus.DONE, T0);

        // when switching over and back
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(1));
        store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0.plusSeconds(2));

        // then there is exactly one cutover row, holding the side and the time of the last switch
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT `job_id`, `status`, `created_at`, `updated_at` FROM "
                     + databases.table(installation, StateTables.MIGRATIONS) + " ORDER BY `job_id`")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getString(2));
                if (JobId.CUTOVER_ID.equals(rs.getString(1))) {
                    assertThat(rs.getObject(3, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 0, 1, 123_000_000));
                    assertThat(rs.getObject(4, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 0, 2, 123_000_000));
                }
            }
            assertThat(rows).containsExactly("__CUTOVER__=SOURCE", "__DATA_MIGRATION__=DONE");
        }
    }

    @Test
    void shouldReadTheSourceAsPrimary_whenTheDatabaseHasNoStateTable() {
        // given an installation database without Ferry's tables
        InstallationId bare = TestServer.newInstallation();
        created.add(bare);
        databases.claim(bare);

        // when / then
        assertThat(store.primary(bare)).isEqualTo(Primary.SOURCE);
    }

    @Test
    void shouldFailLoudly_whenRecordingACutoverWithoutAStateTable() {
        // given an installation database without Ferry's tables
        InstallationId bare = TestServer.newInstallation();
        created.add(bare);
        databases.claim(bare);

        // when / then a write is an error, not a silent "did not apply"
        assertThatThrownBy(() -> store.recordCutover(bare, Primary.SOURCE, Primary.DESTINATION, T0))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void shouldRefuseAsInternal_aCutoverRowWithAnUnknownSide() throws SQLException {
        // given a cutover row whose status is neither SOURCE nor DESTINATION (written by hand, or by a newer Ferry)
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + databases.table(installation, StateTables.MIGRATIONS)
                    + " (`id`, `job_id`, `status`, `created_at`, `updated_at`) VALUES (UNHEX(REPLACE(UUID(), '-', '')), '"
                    + JobId.CUTOVER_ID + "', 'SIDEWAYS', '2026-03-01 10:00:00', '2026-03-01 10:00:00')");
        }

        // when / then it is reported like an unreadable tracking row: INTERNAL, naming the installation
        assertThatThrownBy(() -> store.primary(installation))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains(installation.toString());
                });
        assertThat(store.jobs(installation)).isEmpty();
    }
}
