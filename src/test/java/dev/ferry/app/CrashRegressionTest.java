package dev.ferry.app;

import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.SimulatedCrash;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bugs the chaos suite and the failpoint tests found, one test each, so they stay fixed. */
class CrashRegressionTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    @Test
    void shouldCountTheLastPageOnce_whenTheWorkerDiesRightAfterSavingIt() {
        // given 9 users served 7 per page: a full page, then a last page of 2
        ferry.remote.rows("acme", USERS, SamplePlans.users(9));
        JobId id = JobId.first("users");
        ferry.store.insertJob(ACME, Job.pending(id, "users", null, 0, 0, 0, ferry.clock.instant()));
        TransferJob message = new TransferJob(ACME, id, "users", null);
        ferry.failpoints.crashAt(Failpoint.AFTER_CURSOR_SAVED, 2);

        // when the worker dies right after saving the last page, and the message comes back after its lease
        assertThatThrownBy(() -> ferry.transfer.run(message, "w1", CoreHarness.unlimited().get()))
                .isInstanceOf(SimulatedCrash.class);
        ferry.clock.advance(Duration.ofMinutes(30));
        ferry.transfer.run(message, "w2", CoreHarness.unlimited().get());

        // then the job ended with its last page, and every row is counted once
        Job job = ferry.store.job(ACME, id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(job.pages()).isEqualTo(2);
        assertThat(job.rowsCopied()).isEqualTo(9);
        assertThat(ferry.remote.fetchCount()).isEqualTo(2);
    }
}
