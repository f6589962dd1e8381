package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.ManualClock;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dual writes and repair between two real databases on the test server (MariaDB here, TiDB in production). */
@IntegrationTest
class JdbcDualWriteTest {
    private static final String INSTALLATION = "acme-1";
    private static final String ISSUES = "CREATE TABLE issues (id BIGINT NOT NULL PRIMARY KEY,"
            + " title VARCHAR(200) NOT NULL, body TEXT NULL, amount DECIMAL(12,2) NULL, due DATE NULL,"
            + " updated_at DATETIME(6) NULL, done TINYINT(1) NOT NULL DEFAULT 0, payload BLOB NULL)";
    private static final String WATCHERS = "CREATE TABLE issue_watchers (issue_id BIGINT NOT NULL,"
            + " user_id VARCHAR(64) NOT NULL, PRIMARY KEY (issue_id, user_id))";

    private static TestDatabase primaryDb;
    private static TestDatabase mirrorDb;
    private static JdbcSide primary;
    private static JdbcSide mirror;
    private static JdbcMirrorFailureLog failures;

    private final ManualClock clock = ManualClock.startingAt("2025-03-01T10:00:00Z");

    @BeforeAll
    static void createDatabases() {
        primaryDb = TestMySql.uniqueDatabase("dwprimary");
        mirrorDb = TestMySql.uniqueDatabase("dwmirror");
        DualWriteDatabases.execute(primaryDb, ISSUES, WATCHERS);
        DualWriteDatabases.execute(mirrorDb, ISSUES, WATCHERS);
        DataSource primarySource = DualWriteDatabases.dataSource(primaryDb);
        primary = JdbcSide.of("remote", primarySource);
        mirror = JdbcSide.of("tidb", DualWriteDatabases.dataSource(mirrorDb));
        failures = new JdbcMirrorFailureLog(primarySource);
        failures.createTableIfNotExists();
    }

    @AfterAll
    static void dropDatabases() {
        primaryDb.close();
        mirrorDb.close();
    }

    @BeforeEach
    void emptyTables() {
        for (TestDatabase db : new TestDatabase[] {primaryDb, mirrorDb}) {
            DualWriteDatabases.execute(db, "DELETE FROM issues", "DELETE FROM issue_watchers");
        }
        DualWriteDatabases.execute(primaryDb, "DELETE FROM " + JdbcMirrorFailureLog.TABLE);
    }

    private static Write issue(long id, String title) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("body", "Unicode ✓ " + id);
        values.put("amount", new BigDecimal("1234.50"));
        values.put("due", LocalDate.of(2025, 4, 1));
        values.put("updated_at", LocalDateTime.of(2025, 3, 1, 10, 0, 0, 123_456_000));
        values.put("done", true);
        values.put("payload", ("bytes " + id).getBytes(StandardCharsets.UTF_8));
        return Write.upsert(INSTALLATION, "issues", PrimaryKeyValues.of("id", id), values);
    }

    private static Optional<Map<String, Object>> row(PrimaryReader side, long id) {
        return side.read(INSTALLATION, "issues", PrimaryKeyValues.of("id", id)).map(JdbcDualWriteTest::comparable);
    }

    /** Byte arrays as hex, so rows compare by content. */
    private static Map<String, Object> comparable(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v));
        return out;
    }

    @Test
    void shouldWriteBothSides_whenBothSucceed() {
        DualWriter writer = DualWriter.sequential(primary, mirror, failures).withClock(clock);

        // when an issue is inserted, then updated with a NULL body
        writer.write(issue(1, "first"));
        Write update = issue(1, "second");
        Map<String, Object> changed = new LinkedHashMap<>(update.values());
        changed.put("body", null);
        assertThat(writer.write(Write.upsert(INSTALLATION, "issues", PrimaryKeyValues.of("id", 1), changed)))
                .isEqualTo(MirrorOutcome.MIRRORED);
        // and a key-only watcher row is upserted twice, another inserted and deleted
        PrimaryKeyValues watcher = PrimaryKeyValues.of("issue_id", 1, "user_id", "u-1");
        writer.write(Write.upsert(INSTALLATION, "issue_watchers", watcher, Map.of()));
        writer.write(Write.upsert(INSTALLATION, "issue_watchers", watcher, Map.of()));
        PrimaryKeyValues other = PrimaryKeyValues.of("issue_id", 1, "user_id", "u-2");
        writer.write(Write.upsert(INSTALLATION, "issue_watchers", other, Map.of()));
        writer.write(Write.delete(INSTALLATION, "issue_watchers", other));

        // then the mirror's rows equal the primary's, with every value as written
        Map<String, Object> onMirror = row(mirror, 1).orElseThrow();
        assertThat(onMirror).isEqualTo(row(primary, 1).orElseThrow());
        assertThat(onMirror).containsEntry("title", "second").containsEntry("body", null)
                .containsEntry("amount", new BigDecimal("1234.50")).containsEntry("due", LocalDate.of(2025, 4, 1))
                .containsEntry("updated_at", LocalDateTime.of(2025, 3, 1, 10, 0, 0, 123_456_000))
                .containsEntry("done", true)
                .containsEntry("payload", "0x" + HexFormat.of().formatHex("bytes 1".getBytes(StandardCharsets.UTF_8)));
        assertThat(mirror.read(INSTALLATION, "issue_watchers", watcher)).isPresent();
        assertThat(mirror.read(INSTALLATION, "issue_watchers", other)).isEmpty();
        assertThat(failures.pendingCount()).isZero();
    }

    @Test
    void shouldNotWriteMirror_whenPrimaryFails() {
        DualWriter writer = DualWriter.sequential(primary, mirror, failures);
        // given a primary whose table is gone
        DualWriteDatabases.execute(primaryDb, "RENAME TABLE issues TO issues_away");
        try {
            // when writing, then the primary's value-free SQL error propagates
            assertThatThrownBy(() -> writer.write(issue(1, "top secret")))
                    .isInstanceOfSatisfying(SideException.class, e -> {
                        assertThat(e.code()).isEqualTo("SQL1146");
                        assertThat(e.getMessage()).startsWith("remote: upsert into issues").doesNotContain("secret");
                    });
        } finally {
            DualWriteDatabases.execute(primaryDb, "RENAME TABLE issues_away TO issues");
        }
        // and the mirror has no row, nothing is pending
        assertThat(row(mirror, 1)).isEmpty();
        assertThat(failures.pendingCount()).isZero();
    }

    @Test
    void shouldRepairFromPrimaryCurrentState_whenMirrorComesBack() {
        DualWriter writer = DualWriter.sequential(primary, mirror, failures).withClock(clock);
        MirrorRepair repair = new MirrorRepair(primary, mirror, failures, clock);
        // given issues 1..3 on both sides
        for (long id = 1; id <= 3; id++) {
            writer.write(issue(id, "v1"));
        }
        // and a mirror whose table is gone while issue 1 and 2 change, 3 is deleted and 4 created
        DualWriteDatabases.execute(mirrorDb, "RENAME TABLE issues TO issues_away");
        assertThat(writer.write(issue(1, "secret v2"))).isEqualTo(MirrorOutcome.MIRROR_FAILED_RECORDED);
        writer.write(issue(2, "v2"));
        writer.write(Write.delete(INSTALLATION, "issues", PrimaryKeyValues.of("id", 3)));
        writer.write(issue(4, "v1"));
        writer.write(issue(4, "v2")); // the same key again: still one entry
        // and afterwards the primary changes outside the writer: issue 1 updated, issue 2 deleted
        DualWriteDatabases.execute(primaryDb, "UPDATE issues SET title = 'v3', done = 0 WHERE id = 1",
                "DELETE FROM issues WHERE id = 2");

        // then four entries are pending, with the SQL error and no values
        assertThat(failures.pending(100)).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.errorCode()).isEqualTo("SQL1146");
            assertThat(entry.errorMessage()).startsWith("tidb: ").contains("table does not exist")
                    .doesNotContain("secret");
        }).extracting(PendingFailure::keyText).containsExactlyInAnyOrder("id=1", "id=2", "id=3", "id=4");
        assertThat(failures.pending(100)).filteredOn(e -> e.keyText().equals("id=4"))
                .singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(2));

        // when the mirror's table is back and repair runs
        DualWriteDatabases.execute(mirrorDb, "RENAME TABLE issues_away TO issues");
        RepairReport report = repair.repairBatch(100);

        // then every row equals the primary's current state, and nothing is pending
        assertThat(report).isEqualTo(new RepairReport(4, 4, 0, 0));
        for (long id = 1; id <= 4; id++) {
            assertThat(row(mirror, id)).as("issue %d", id).isEqualTo(row(primary, id));
        }
        assertThat(row(mirror, 1).orElseThrow()).containsEntry("title", "v3").containsEntry("done", false);
        assertThat(row(mirror, 2)).isEmpty();
        assertThat(row(mirror, 3)).isEmpty();
        assertThat(row(mirror, 4).orElseThrow()).containsEntry("title", "v2");
        assertThat(failures.pendingCount()).isZero();
    }

    @Test
    void shouldKeepFailurePending_whenRepairFailsAgain() {
        // given a mirror that fails on demand
        AtomicBoolean down = new AtomicBoolean(true);
        Side flaky = new Side() {
            @Override
            public String name() {
                return "tidb";
            }

            @Override
            public void apply(Write write) {
                if (down.get()) {
                    throw new SideException("SQL2003", "tidb: cannot connect");
                }
                mirror.apply(write);
            }
        };
        DualWriter writer = DualWriter.sequential(primary, flaky, failures).withClock(clock);
        MirrorRepair repair = new MirrorRepair(primary, flaky, failures, clock);
        writer.write(issue(1, "v1"));

        // when repair runs while it is still down
        RepairReport report = repair.repairBatch(10);

        // then the entry stays pending with attempts + 1
        assertThat(report).isEqualTo(new RepairReport(1, 0, 1, 0));
        assertThat(failures.pending(10)).singleElement().satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.errorCode()).isEqualTo("SQL2003");
        });
        assertThat(row(mirror, 1)).isEmpty();

        // and once it is back, repair copies the row and clears the entry
        down.set(false);
        assertThat(repair.repairBatch(10)).isEqualTo(new RepairReport(1, 1, 0, 0));
        assertThat(row(mirror, 1)).isEqualTo(row(primary, 1));
        assertThat(failures.pendingCount()).isZero();
    }

    @Test
    void shouldMirrorAsynchronously_onTheCallersExecutor() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            DualWriter writer = DualWriter.asynchronous(primary, mirror, failures, executor);
            for (long id = 1; id <= 20; id++) {
                assertThat(writer.write(issue(id, "async"))).isEqualTo(MirrorOutcome.MIRROR_SCHEDULED);
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            for (long id = 1; id <= 20; id++) {
                assertThat(row(mirror, id)).isPresent().isEqualTo(row(primary, id));
            }
            assertThat(failures.pendingCount()).isZero();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldQualifyTables_whenOneDataSourceServesEveryInstallation() {
        // given a server-wide data source and a side that maps installations to databases
        MysqlDataSource server = new MysqlDataSource();
        server.setUrl(TestMySql.server().jdbcUrl(null));
        server.setUser(TestMySql.server().username());
        server.setPassword(TestMySql.server().password());
        JdbcSide perInstallation = JdbcSide.perInstallation("tidb", server,
                installation -> installation.equals(INSTALLATION) ? mirrorDb.name() : "nope");

        // when writing through it
        perInstallation.apply(issue(9, "qualified"));

        // then the row is in the installation's database
        assertThat(row(mirror, 9).orElseThrow()).containsEntry("title", "qualified");
        assertThat(perInstallation.read(INSTALLATION, "issues", PrimaryKeyValues.of("id", 9))).isPresent();
    }

    @Test
    void shouldRejectUnsafeIdentifiers_beforeAnySqlRuns() {
        // a data type that is fine for the log but not a plain SQL table name
        assertThatThrownBy(() -> mirror.apply(Write.delete(INSTALLATION, "issues.v2", PrimaryKeyValues.of("id", 1))))
                .isInstanceOf(IllegalArgumentException.class);
        // a database name with a back-quote
        JdbcSide hostile = JdbcSide.perInstallation("tidb", DualWriteDatabases.dataSource(mirrorDb),
                installation -> "x`; DROP DATABASE y; -- ");
        assertThatThrownBy(() -> hostile.apply(issue(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hostile.read(INSTALLATION, "issues", PrimaryKeyValues.of("id", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        // and the key column names are validated when the key is built
        assertThatThrownBy(() -> PrimaryKeyValues.of("id` = 1 OR 1=1 -- ", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
