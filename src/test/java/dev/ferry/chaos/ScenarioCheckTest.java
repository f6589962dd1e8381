package dev.ferry.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chaos suite's verdict catches what it must: missing, altered and extra rows, and stuck chains. */
@IntegrationTest
class ScenarioCheckTest {
    private static final InstallationId INSTALLATION = InstallationId.of("check-a");
    private static final MigrationPlan PLAN = PlanLoader.load("classpath:ferry-plan.yaml");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TestMySql.TestDatabase sourceDatabase;
    private static SampleSourceDatabase source;
    private static MysqlDataSource dataSource;
    private static InstallationDatabases databases;
    private static MySqlJobStore store;
    private ScenarioCheck check;

    @BeforeAll
    static void loadSource() {
        sourceDatabase = TestMySql.uniqueDatabase("chaoscheck");
        source = new SampleSourceDatabase(sourceDatabase.server(), sourceDatabase.name());
        source.createSchema();
        source.load(new SampleDataSet(7, List.of(new InstallationSpec(INSTALLATION.value(), 3, 6, 2, 5))));
        dataSource = new MysqlDataSource();
        dataSource.setUrl(TestMySql.server().serverUrl() + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
        String suffix = sourceDatabase.name().substring(sourceDatabase.name().length() - 6).toLowerCase(Locale.ROOT);
        databases = new InstallationDatabases(dataSource, "ck" + suffix + "_");
        store = new MySqlJobStore(dataSource, databases);
    }

    @AfterAll
    static void dropSource() {
        source.close();
        sourceDatabase.close();
    }

    /** A destination that is an exact copy of the source, DONE everywhere, every row counted once. */
    @BeforeEach
    void copySourceToDestination() {
        new MySqlSchemaMigrator(dataSource, databases).migrate(INSTALLATION, PLAN.schema());
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases);
        SourceRows rows = new SourceRows(dataSource, source.database());
        for (DataType type : PLAN.dataTypes()) {
            List<Row> all = new ArrayList<>();
            rows.forEachRow(INSTALLATION, type, all::add);
            sink.upsert(INSTALLATION, type, all);
            store.insertJob(INSTALLATION, new Job(JobId.first(type.name()), type.name(), JobStatus.DONE, null, 1,
                    all.size(), 0, null, null, NOW, NOW, NOW));
        }
        store.initTracking(INSTALLATION, InstallationStatus.DONE, NOW);
        source.setStatus(INSTALLATION.value(), "DONE");
        check = new ScenarioCheck(PLAN, dataSource, databases, store, source);
    }

    @AfterEach
    void dropDestination() {
        databases.drop(INSTALLATION);
    }

    @Test
    void shouldFindNothingWrong_whenTheDestinationIsAnExactCopy() {
        // when
        ScenarioCheck.Verdict verdict = check.check(INSTALLATION);

        // then
        assertThat(verdict).isEqualTo(new ScenarioCheck.Verdict(0, 0, false, List.of()));
    }

    @Test
    void shouldCountLostRows_whenARowIsMissingAndAnotherDiffers() throws SQLException {
        // given one issue deleted and one project renamed at the destination
        execute("DELETE FROM " + databases.table(INSTALLATION, "issues") + " ORDER BY `id` LIMIT 1");
        execute("UPDATE " + databases.table(INSTALLATION, "projects") + " SET `name` = 'changed' ORDER BY `id` LIMIT 1");

        // when
        ScenarioCheck.Verdict verdict = check.check(INSTALLATION);

        // then
        assertThat(verdict.lost()).isEqualTo(2);
        assertThat(verdict.duplicated()).isZero();
        assertThat(verdict.problems()).anyMatch(p -> p.contains("issues: 1 missing"))
                .anyMatch(p -> p.contains("projects: 0 missing, 1 different"));
    }

    @Test
    void shouldCountDuplicatedRows_whenTheDestinationHasARowTheSourceHasNot() throws SQLException {
        // given an extra watcher at the destination
        execute("INSERT INTO " + databases.table(INSTALLATION, "issue_watchers")
                + " (`issue_id`, `user_key`, `watching_since`) VALUES (999999, 'nobody', '2024-01-01 00:00:00')");

        // when
        ScenarioCheck.Verdict verdict = check.check(INSTALLATION);

        // then
        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.lost()).isZero();
    }

    @Test
    void shouldReportStuck_whenAChainsLiveJobIsNotDone() {
        // given the projects chain continued into a job that never ran
        store.insertJob(INSTALLATION, Job.pending(JobId.first("projects").next(), "projects", null, 1, 3, 0, NOW));

        // when
        ScenarioCheck.Verdict verdict = check.check(INSTALLATION);

        // then
        assertThat(verdict.stuck()).isTrue();
        assertThat(verdict.problems()).anyMatch(p -> p.contains("chain projects: projects#1 PENDING"));
    }

    @Test
    void shouldReportAProblem_whenTheChainsCountedARowTwice() {
        // given the issues chain's last job counted one row more than the source has
        store.insertJob(INSTALLATION, new Job(JobId.first("issues").next(), "issues", JobStatus.DONE, null, 2, 7, 0,
                null, null, NOW, NOW, NOW));

        // when
        ScenarioCheck.Verdict verdict = check.check(INSTALLATION);

        // then
        assertThat(verdict.problems()).anyMatch(p -> p.contains("the chains counted 17 rows, the source has 16"));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
