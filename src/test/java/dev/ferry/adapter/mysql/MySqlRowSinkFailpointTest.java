package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.fault.SimulatedCrash;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.write.DuplicatePolicy;
import dev.ferry.domain.write.InsertLimits;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.KillableDataSource;
import dev.ferry.testing.ScriptedFailpoints;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Failpoint#MID_STATEMENT_DISCONNECT}: a page split into statements, broken off between two of them. */
@IntegrationTest
class MySqlRowSinkFailpointTest {
    private static final DataType ITEMS = new DataType("items", null, "items", List.of(
            Column.of("id", ColumnType.INTEGER), new Column("name", ColumnType.STRING, 20, null, null, false)),
            List.of("id"), 100, 0);
    /** Two rows per statement: a page of five rows is three statements. */
    private static final InsertLimits TWO_ROWS = new InsertLimits(2, 1024 * 1024, 65_535, DuplicatePolicy.UPDATE);
    private static final List<Row> PAGE = IntStream.rangeClosed(1, 5).mapToObj(i -> Row.of((long) i, "item " + i)).toList();

    private static KillableDataSource dataSource;
    private static InstallationDatabases databases;
    private InstallationId installation;

    @BeforeAll
    static void connect() {
        dataSource = new KillableDataSource(TestServer.dataSource());
        databases = new InstallationDatabases(dataSource);
    }

    @BeforeEach
    void createTable() throws SQLException {
        installation = TestServer.newInstallation();
        databases.claim(installation);
        execute("CREATE TABLE " + databases.table(installation, "items")
                + " (`id` BIGINT NOT NULL, `name` VARCHAR(20) NOT NULL, PRIMARY KEY (`id`))");
    }

    @AfterEach
    void dropDatabase() {
        databases.drop(installation);
    }

    @Test
    void shouldPassThePointBeforeEveryStatementButTheFirst() {
        // given a sink writing two rows per statement
        ScriptedFailpoints failpoints = new ScriptedFailpoints();
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases, TWO_ROWS, failpoints);

        // when a page of five rows (three statements) is written
        sink.upsert(installation, ITEMS, PAGE);

        // then the point was passed between the first and second, and second and third statements
        assertThat(failpoints.hits(Failpoint.MID_STATEMENT_DISCONNECT)).isEqualTo(2);
        assertThat(ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void shouldKeepTheFirstStatementCommitted_andReplayWithoutDuplicates_whenCrashingBetweenStatements() throws SQLException {
        // given a sink that dies before its second statement
        ScriptedFailpoints failpoints = new ScriptedFailpoints().crashAt(Failpoint.MID_STATEMENT_DISCONNECT, 1);
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases, TWO_ROWS, failpoints);

        // when the page is written
        assertThatThrownBy(() -> sink.upsert(installation, ITEMS, PAGE)).isInstanceOf(SimulatedCrash.class);

        // then only the first statement's rows are there
        assertThat(ids()).containsExactly(1L, 2L);

        // when the page is replayed, as after a restart from the saved cursor
        new MySqlRowSink(dataSource, databases, TWO_ROWS, Failpoints.NONE).upsert(installation, ITEMS, PAGE);

        // then every row is there once
        assertThat(ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(count("SELECT COUNT(*) - COUNT(DISTINCT `id`) FROM " + databases.table(installation, "items"))).isZero();
    }

    @Test
    void shouldFailRetryably_andReplayWithoutDuplicates_whenTheConnectionDropsBetweenStatements() {
        // given a sink whose connection is killed on the server before its second statement
        Failpoints dropConnection = point -> dataSource.killLastConnection();
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases, TWO_ROWS, dropConnection);

        // when the page is written
        assertThatThrownBy(() -> sink.upsert(installation, ITEMS, PAGE))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_UNAVAILABLE));

        // then the first statement's rows are committed, the rest not; a replay completes the page once
        assertThat(ids()).containsExactly(1L, 2L);
        new MySqlRowSink(dataSource, databases, TWO_ROWS, Failpoints.NONE).upsert(installation, ITEMS, PAGE);
        assertThat(ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT `id` FROM " + databases.table(installation, "items") + " ORDER BY `id`")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
