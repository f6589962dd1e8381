package dev.ferry.app;

import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.SimulatedCrash;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    @Test
    void shouldTellTheRemoteInProgress_whenTheTrackerDiedRightAfterMarkingTheInstallation() {
        // given a READY installation whose tracker dies right after marking it IN_PROGRESS
        ferry.remote.installation("acme", InstallationStatus.READY).rows("acme", USERS, SamplePlans.users(3));
        ferry.failpoints.crashAt(Failpoint.TRACKER_AFTER_IN_PROGRESS, 1);

        // when the scheduler keeps ticking until the migration is over
        for (int round = 0; round < 5; round++) {
            new Tick(ferry.queue).run();
            ferry.deliverAll(CoreHarness.unlimited(), 1_000);
            ferry.clock.advance(Duration.ofMinutes(10));
        }

        // then the remote heard IN_PROGRESS before DONE, as without the crash
        assertThat(ferry.failpoints.crashed()).isEqualTo(1);
        assertThat(ferry.remote.statusWrites()).containsSubsequence("acme=IN_PROGRESS", "acme=DONE");
    }

    @Test
    void shouldLeaveNoContinuation_whenAWorkerWakesUpAfterAnotherFinishedItsJob() {
        // given a worker (A) that stalls after its first page until its lease is long gone, while
        // another worker (B), handed the same message, takes the job over and finishes it
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        JobId id = JobId.first("users");
        ferry.store.insertJob(ACME, Job.pending(id, "users", null, 0, 0, 0, ferry.clock.instant()));
        TransferJob message = new TransferJob(ACME, id, "users", null);
        ferry.failpoints.runAt(Failpoint.AFTER_CURSOR_SAVED, 1, () -> {
            ferry.clock.advance(Duration.ofMinutes(30));
            ferry.transfer.run(message, "B", CoreHarness.unlimited().get());
        });

        // when A wakes up with its budget spent and hands over
        ferry.transfer.run(message, "A", ferry.pagesPerInvocation(1).get());

        // then B's end stands, and A left no continuation behind
        Job job = ferry.store.job(ACME, id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(job.rowsCopied()).isEqualTo(23);
        assertThat(ferry.store.job(ACME, id.next())).isEmpty();
        assertThat(ferry.queue.sent(TransferJob.class)).isEmpty();
    }

    @Test
    void shouldKeepRestartingAChainThatProgresses_beyondTheRestartLimit() {
        // given one data type of four pages, one page per invocation, whose worker dies after each of
        // the first three pages: more deaths than the checker's limit of 3 failed attempts
        CoreHarness users = new CoreHarness(new MigrationPlan("users only", MigrationMode.FAN_OUT, List.of(USERS),
                List.of()));
        users.remote.installation("acme", InstallationStatus.READY).rows("acme", USERS, SamplePlans.users(23));
        for (int page = 1; page <= 3; page++) {
            users.failpoints.crashAt(Failpoint.AFTER_CURSOR_SAVED, page);
        }

        // when the scheduler keeps ticking, time passing between ticks
        for (int round = 0; round < 20 && !users.store.trackingStatus(ACME).equals(Optional.of(InstallationStatus.DONE));
             round++) {
            new Tick(users.queue).run();
            users.deliverAll(users.pagesPerInvocation(1), 1_000);
            users.clock.advance(Duration.ofMinutes(10));
        }

        // then every death was recovered, since each restart committed a page: the migration finished
        assertThat(users.failpoints.crashed()).isEqualTo(3);
        assertThat(users.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(users.sink.rows("acme", "users")).hasSize(23);
    }
}
