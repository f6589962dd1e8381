package dev.ferry.verify;

import static dev.ferry.verify.SampleVerificationFixture.LARGE;
import static dev.ferry.verify.SampleVerificationFixture.SMALL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.testing.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fleet status report on real state: per data type rows, lag and verification, and decommission readiness. */
@IntegrationTest
class FleetStatusTest {
    private static SampleVerificationFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new SampleVerificationFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A fresh copy, recorded as migrated: DONE, with one DONE job per data type that finished an hour ago. */
    private static void migratedAnHourAgo(String installation) {
        InstallationId id = InstallationId.of(installation);
        fixture.databases.drop(id);
        fixture.migrate(id.value());
        MySqlJobStore jobs = new MySqlJobStore(fixture.dataSource, fixture.databases);
        Instant finished = Instant.now().minus(1, ChronoUnit.HOURS);
        for (DataType type : fixture.plan.dataTypes()) {
            long rows = SampleVerificationFixture.DATA.installation(installation).rows(type.name());
            jobs.insertJob(id, new Job(JobId.first(type.name()), type.name(), JobStatus.DONE, null, 1, rows, 0, null, null,
                    finished.minusSeconds(60), finished, finished));
        }
        jobs.initTracking(id, InstallationStatus.DONE, finished);
    }

    @Test
    void shouldShowVerificationResults_andSayTheRemoteCanBeDecommissionedOnlyWhenEveryInstallationIsDoneAndVerifiedClean() {
        // given two installations migrated an hour ago and never verified
        migratedAnHourAgo(LARGE);
        migratedAnHourAgo(SMALL);
        StatusReport status = fixture.status();

        // when reporting, then both are DONE with rows and lag per data type, but the remote must stay
        StatusReport.Fleet before = status.fleet();
        assertThat(before.counts()).containsEntry(InstallationStatus.DONE, 2);
        StatusReport.InstallationState large = before.installations().stream()
                .filter(i -> i.installation().equals(LARGE)).findFirst().orElseThrow();
        assertThat(large.dataTypes()).extracting(StatusReport.DataTypeState::dataType)
                .containsExactly("projects", "issues", "attachments", "issue_watchers");
        StatusReport.DataTypeState issues = large.dataTypes().get(1);
        assertThat(issues.status()).isEqualTo(JobStatus.DONE);
        assertThat(issues.rows()).isEqualTo(3_000);
        assertThat(issues.secondsSinceLastPass()).isBetween(3_500L, 3_700L);
        assertThat(issues.verification()).isNull();
        assertThat(before.decommissionReady()).isFalse();
        assertThat(before.decommission()).contains("2 not verified");

        // when both are verified and found equal
        fixture.verification().verify(InstallationId.of(LARGE));
        fixture.verification().verify(InstallationId.of(SMALL));
        StatusReport.Fleet verified = status.fleet();

        // then the report shows it and says the remote database can go
        assertThat(verified.verified()).isEqualTo(2);
        assertThat(verified.decommissionReady()).isTrue();
        assertThat(verified.decommission()).isEqualTo("ready: all 2 installations are DONE and verified with 0 differences");
        StatusReport.VerificationState check = verified.installations().get(0).dataTypes().get(1).verification();
        assertThat(check.status()).isEqualTo("DONE");
        assertThat(check.clean()).isTrue();
        assertThat(check.afterMigration()).isTrue();
        assertThat(check.method()).isEqualTo("checksums");

        // when a row is then corrupted and the next verification finds it
        fixture.destination(SMALL, "UPDATE projects SET name = 'corrupted' ORDER BY id LIMIT 1");
        fixture.verification().verify(InstallationId.of(SMALL));
        StatusReport.Fleet differing = status.fleet();

        // then the difference is reported with its key, and the remote must stay
        StatusReport.InstallationState small = differing.installations().stream()
                .filter(i -> i.installation().equals(SMALL)).findFirst().orElseThrow();
        assertThat(small.verified()).isFalse();
        assertThat(small.dataTypes().get(0).verification().different()).isEqualTo(1);
        assertThat(small.dataTypes().get(0).verification().differentKeys()).hasSize(1);
        assertThat(differing.differences()).isEqualTo(1);
        assertThat(differing.decommissionReady()).isFalse();
        assertThat(differing.decommission()).contains("1 with differences");

        // when repaired, and verified again, then the remote can go again
        fixture.verification().verify(InstallationId.of(SMALL), true);
        StatusReport.Fleet repaired = status.fleet();
        assertThat(repaired.decommissionReady()).isFalse();
        assertThat(repaired.decommission()).isEqualTo("not ready: 1 repaired, to verify again");
        fixture.verification().verify(InstallationId.of(SMALL));
        assertThat(status.fleet().decommissionReady()).isTrue();
    }

    @Test
    void shouldNotCountAVerificationThatStartedBeforeTheMigrationFinished() {
        // given an installation verified clean, whose last job then finished again (a later pass)
        migratedAnHourAgo(SMALL);
        fixture.verification().verify(InstallationId.of(SMALL));
        MySqlJobStore jobs = new MySqlJobStore(fixture.dataSource, fixture.databases);
        Instant later = Instant.now().plus(1, ChronoUnit.MINUTES);
        jobs.insertJob(InstallationId.of(SMALL), new Job(new JobId("projects", 2), "projects", JobStatus.DONE, null, 1, 5, 0,
                null, null, later, later, later));

        // when reporting
        StatusReport.InstallationState small = fixture.status().installation(InstallationId.of(SMALL));

        // then its verification of projects is stale, and the installation does not count as verified
        assertThat(small.dataTypes().get(0).verification().clean()).isTrue();
        assertThat(small.dataTypes().get(0).verification().afterMigration()).isFalse();
        assertThat(small.verified()).isFalse();
    }
}
