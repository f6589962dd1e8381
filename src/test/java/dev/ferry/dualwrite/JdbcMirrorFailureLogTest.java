package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC log against the real test server, in a throwaway database. */
@IntegrationTest
class JdbcMirrorFailureLogTest extends MirrorFailureLogContract {
    private static TestDatabase database;
    private static DataSource dataSource;

    @BeforeAll
    static void createDatabase() {
        database = TestMySql.uniqueDatabase("dwlog");
        dataSource = DualWriteDatabases.dataSource(database);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected MirrorFailureLog emptyLog() {
        JdbcMirrorFailureLog log = new JdbcMirrorFailureLog(dataSource);
        log.createTableIfNotExists();
        DualWriteDatabases.execute(database, "DELETE FROM " + JdbcMirrorFailureLog.TABLE);
        return log;
    }

    @Test
    void shouldCreateTheTableOnce_whenAskedRepeatedly() {
        // given a log in an explicitly named database
        JdbcMirrorFailureLog qualified = new JdbcMirrorFailureLog(dataSource, database.name());

        // when the table is created again, then nothing changes and entries survive
        log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("id", 1), Operation.UPSERT, "E", "e", T0));
        qualified.createTableIfNotExists();
        qualified.createTableIfNotExists();
        assertThat(qualified.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldRejectKeyText_longerThanTheColumn() {
        String longValue = String.join("", Collections.nCopies(JdbcMirrorFailureLog.MAX_KEY_TEXT, "x"));

        assertThatThrownBy(() -> log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("slug", longValue),
                Operation.UPSERT, "E", "e", T0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("xxxx");
        assertThat(log.pendingCount()).isZero();
    }

    @Test
    void shouldFailWithValueFreeSideException_whenTheTableIsMissing() {
        // given a log pointing at a table that was dropped
        DualWriteDatabases.execute(database, "DROP TABLE " + JdbcMirrorFailureLog.TABLE);
        try {
            // when recording, then a SideException with the SQL code and no key values
            assertThatThrownBy(() -> log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("slug", "s3cret"),
                    Operation.UPSERT, "E", "e", T0)))
                    .isInstanceOfSatisfying(SideException.class, e -> {
                        assertThat(e.code()).isEqualTo("SQL1146");
                        assertThat(e.getMessage()).contains("table does not exist").doesNotContain("s3cret");
                        assertThat(e.getCause()).isNull();
                    });
        } finally {
            ((JdbcMirrorFailureLog) log).createTableIfNotExists();
        }
    }

    @Test
    void shouldStoreBinaryCollation_soKeysDifferingInCaseStaySeparate() {
        log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("slug", "a"), Operation.UPSERT, "E", "e", T0));
        log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("slug", "A"), Operation.UPSERT, "E", "e", T0));
        log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("slug", "é"), Operation.UPSERT, "E", "e", T0));
        log.record(new MirrorFailure("acme-1", "issues", PrimaryKeyValues.of("slug", "e"), Operation.UPSERT, "E", "e", T0));

        List<PendingFailure> pending = log.pending(10);
        assertThat(pending).extracting(PendingFailure::keyText)
                .containsExactlyInAnyOrder("slug='a'", "slug='A'", "slug='é'", "slug='e'");
    }
}
