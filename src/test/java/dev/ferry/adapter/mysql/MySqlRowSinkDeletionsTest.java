package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.Tombstone;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tombstones from the deletions feed applied to a real MySQL-compatible server. */
@IntegrationTest
class MySqlRowSinkDeletionsTest {
    private static final DataType ISSUES = new DataType("issues", null, "issues", List.of(
            Column.of("id", ColumnType.INTEGER),
            new Column("title", ColumnType.STRING, 40, null, null, true),
            Column.of("updated_at", ColumnType.DATETIME)), List.of("id"), 100, 1, new ChangeFeed("updated_at", true));
    private static final DataType WATCHERS = new DataType("watchers", null, "watchers", List.of(
            Column.of("issue_id", ColumnType.INTEGER),
            new Column("user_key", ColumnType.STRING, 20, null, null, false),
            Column.of("changed", ColumnType.TIMESTAMP)), List.of("issue_id", "user_key"), 100, 2,
            new ChangeFeed("changed", true));
    private static final LocalDateTime T = LocalDateTime.of(2026, 3, 1, 10, 0, 0, 500_000_000);

    private static DataSource dataSource;
    private static InstallationDatabases databases;
    private InstallationId installation;
    private MySqlRowSink sink;

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
    }

    @BeforeEach
    void createTables() throws SQLException {
        installation = TestServer.newInstallation();
        databases.claim(installation);
        execute("CREATE TABLE " + databases.table(installation, "issues") + " (`id` BIGINT NOT NULL, "
                + "`title` VARCHAR(40) NULL, `updated_at` DATETIME(3) NOT NULL, PRIMARY KEY (`id`))");
        execute("CREATE TABLE " + databases.table(installation, "watchers") + " (`issue_id` BIGINT NOT NULL, "
                + "`user_key` VARCHAR(20) NOT NULL, `changed` DATETIME(3) NOT NULL, PRIMARY KEY (`issue_id`, `user_key`))");
        sink = new MySqlRowSink(dataSource, databases);
    }

    @AfterEach
    void dropDatabase() {
        databases.drop(installation);
    }

    private static Row issue(long id, LocalDateTime updatedAt) {
        return Row.of(id, "issue " + id, updatedAt);
    }

    @Test
    void shouldDeleteRows_changedBeforeOrAtTheDeletion() throws SQLException {
        // given issues changed before the deletion and exactly at it, and one that is not deleted
        sink.upsert(installation, ISSUES, List.of(issue(1, T.minusDays(1)), issue(2, T), issue(3, T.minusDays(1))));

        // when tombstones for 1 and 2 are applied at T
        sink.applyDeletions(installation, ISSUES, List.of(new Tombstone(RowKey.of(1L), T), new Tombstone(RowKey.of(2L), T)));

        // then both are gone (updated_at <= deleted_at, to the millisecond), 3 stays
        assertThat(ids()).containsExactly(3L);
    }

    @Test
    void shouldKeepARow_changedAfterItsDeletion() throws SQLException {
        // given issue 1 deleted at the source at T and inserted again with the same key a millisecond later
        sink.upsert(installation, ISSUES, List.of(issue(1, T.plusNanos(1_000_000))));

        // when the old tombstone arrives
        sink.applyDeletions(installation, ISSUES, List.of(new Tombstone(RowKey.of(1L), T)));

        // then the newer row survives
        assertThat(ids()).containsExactly(1L);
    }

    @Test
    void shouldKeepTheReinsertedRow_whateverOrderTheTombstoneAndTheInsertArriveIn() throws SQLException {
        // given the tombstone arrives first (nothing to delete), then the re-inserted row, then the tombstone again
        sink.applyDeletions(installation, ISSUES, List.of(new Tombstone(RowKey.of(1L), T)));
        sink.upsert(installation, ISSUES, List.of(issue(1, T.plusSeconds(5))));

        // when
        sink.applyDeletions(installation, ISSUES, List.of(new Tombstone(RowKey.of(1L), T)));

        // then the row is there
        assertThat(ids()).containsExactly(1L);
    }

    @Test
    void shouldIgnoreTombstones_forKeysThatAreNotThere() throws SQLException {
        // given one issue
        sink.upsert(installation, ISSUES, List.of(issue(1, T.minusDays(1))));

        // when tombstones name missing keys as well
        sink.applyDeletions(installation, ISSUES, List.of(new Tombstone(RowKey.of(404L), T),
                new Tombstone(RowKey.of(1L), T), new Tombstone(RowKey.of(Long.MAX_VALUE), T)));

        // then the existing one is deleted and nothing fails
        assertThat(ids()).isEmpty();
    }

    @Test
    void shouldChangeNothing_whenTheSameTombstonesAreAppliedTwice() throws SQLException {
        // given issues 1..4, and tombstones for 1 and 3 applied once
        sink.upsert(installation, ISSUES, List.of(issue(1, T.minusDays(1)), issue(2, T.minusDays(1)),
                issue(3, T.minusDays(1)), issue(4, T.plusDays(1))));
        List<Tombstone> page = List.of(new Tombstone(RowKey.of(1L), T), new Tombstone(RowKey.of(3L), T),
                new Tombstone(RowKey.of(4L), T));
        sink.applyDeletions(installation, ISSUES, page);
        List<Long> once = ids();

        // when the same page is replayed
        sink.applyDeletions(installation, ISSUES, page);

        // then the table is as after the first time
        assertThat(once).containsExactly(2L, 4L);
        assertThat(ids()).isEqualTo(once);
    }

    @Test
    void shouldDeleteByTheWholeCompositeKey() throws SQLException {
        // given watchers sharing parts of their keys (change time column of type TIMESTAMP)
        sink.upsert(installation, WATCHERS, List.of(Row.of(1L, "alice", T.minusHours(1)), Row.of(1L, "bob", T.minusHours(1)),
                Row.of(2L, "alice", T.minusHours(1)), Row.of(2L, "bob", T.plusHours(1))));

        // when (1, alice) and (2, bob) are deleted at T
        sink.applyDeletions(installation, WATCHERS, List.of(new Tombstone(RowKey.of(1L, "alice"), T),
                new Tombstone(RowKey.of(2L, "bob"), T)));

        // then only (1, alice) is gone: (2, bob) changed after T
        assertThat(watchers()).containsExactly("1/bob", "2/alice", "2/bob");
    }

    @Test
    void shouldDoNothing_forAnEmptyPageOfTombstones() throws SQLException {
        // given one issue
        sink.upsert(installation, ISSUES, List.of(issue(1, T)));

        // when / then
        sink.applyDeletions(installation, ISSUES, List.of());
        assertThat(ids()).containsExactly(1L);
    }

    @Test
    void shouldApplyAFullPageOfTombstones() throws SQLException {
        // given 300 issues, every other one changed after T
        List<Row> rows = new ArrayList<>();
        List<Tombstone> tombstones = new ArrayList<>();
        for (long id = 1; id <= 300; id++) {
            rows.add(issue(id, id % 2 == 0 ? T.plusMinutes(1) : T.minusMinutes(1)));
            tombstones.add(new Tombstone(RowKey.of(id), T));
        }
        sink.upsert(installation, ISSUES, rows);

        // when all 300 tombstones are applied at once
        sink.applyDeletions(installation, ISSUES, tombstones);

        // then exactly the 150 rows changed after T remain
        assertThat(ids()).hasSize(150).allMatch(id -> id % 2 == 0);
    }

    @Test
    void shouldRefuseAsSinkRejected_whenTheTableIsMissing() throws SQLException {
        // given the issues table was dropped
        execute("DROP TABLE " + databases.table(installation, "issues"));

        // when / then the permanent SINK_REJECTED
        assertThatThrownBy(() -> sink.applyDeletions(installation, ISSUES, List.of(new Tombstone(RowKey.of(1L), T))))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED));
    }

    private List<Long> ids() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT `id` FROM " + databases.table(installation, "issues") + " ORDER BY `id`")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private List<String> watchers() throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT `issue_id`, `user_key` FROM " + databases.table(installation, "watchers")
                     + " ORDER BY `issue_id`, `user_key`")) {
            while (rs.next()) {
                keys.add(rs.getLong(1) + "/" + rs.getString(2));
            }
        }
        return keys;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
