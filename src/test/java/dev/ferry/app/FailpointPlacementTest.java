package dev.ferry.app;

import static dev.ferry.domain.fault.Failpoint.AFTER_CURSOR_SAVED;
import static dev.ferry.domain.fault.Failpoint.AFTER_PAGE_FETCHED;
import static dev.ferry.domain.fault.Failpoint.AFTER_ROWS_WRITTEN;
import static dev.ferry.domain.fault.Failpoint.CHECKER_MID_RESTART;
import static dev.ferry.domain.fault.Failpoint.TRACKER_AFTER_IN_PROGRESS;
import static dev.ferry.domain.fault.Failpoint.WHILE_SENDING_CONTINUATION;
import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.SimulatedCrash;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each failpoint fires exactly where its documentation says: the state a crash there leaves behind. */
class FailpointPlacementTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private static final JobId USERS_0 = JobId.first("users");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    /** 23 users served 7 per page, and their first job recorded. */
    private TransferJob usersJob() {
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        ferry.store.insertJob(ACME, Job.pending(USERS_0, "users", null, 0, 0, 0, ferry.clock.instant()));
        return new TransferJob(ACME, USERS_0, "users", null);
    }

    private void runCrashingAt(Failpoint point, TransferJob message, int pagesPerInvocation) {
        ferry.failpoints.crashAt(point, 1);
        assertThatThrownBy(() -> ferry.transfer.run(message, "w1", ferry.pagesPerInvocation(pagesPerInvocation).get()))
                .isInstanceOf(SimulatedCrash.class);
    }

    private Job users0() {
        return ferry.store.job(ACME, USERS_0).orElseThrow();
    }

    @Test
    void shouldPassWorkerPointsInOrder_pageByPageThenHandOver() {
        // given a job that fits two pages in its budget
        TransferJob message = usersJob();

        // when it runs without crashing
        ferry.transfer.run(message, "w1", ferry.pagesPerInvocation(2).get());

        // then each page passes fetched, written, saved; then the hand-over sends the continuation
        assertThat(ferry.failpoints.hits()).containsExactly(
                AFTER_PAGE_FETCHED, AFTER_ROWS_WRITTEN, AFTER_CURSOR_SAVED,
                AFTER_PAGE_FETCHED, AFTER_ROWS_WRITTEN, AFTER_CURSOR_SAVED,
                WHILE_SENDING_CONTINUATION);
    }

    @Test
    void shouldLeavePageUnwrittenAndJobHeld_whenCrashingAfterPageFetched() {
        // given
        TransferJob message = usersJob();

        // when
        runCrashingAt(AFTER_PAGE_FETCHED, message, 2);

        // then the page was fetched but nothing written or saved, and the dead worker still holds the job
        assertThat(ferry.remote.fetchCount()).isEqualTo(1);
        assertThat(ferry.sink.rowsWritten()).isZero();
        assertThat(users0().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(users0().lease().owner()).isEqualTo("w1");
        assertThat(users0().pages()).isZero();
    }

    @Test
    void shouldLeaveRowsWrittenButCursorUnsaved_whenCrashingAfterRowsWritten() {
        // given
        TransferJob message = usersJob();

        // when
        runCrashingAt(AFTER_ROWS_WRITTEN, message, 2);

        // then the page's rows are in the sink, the cursor has not moved, and nothing was released
        assertThat(ferry.sink.rows("acme", "users")).hasSize(7);
        assertThat(users0().cursor()).isNull();
        assertThat(users0().pages()).isZero();
        assertThat(users0().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(users0().attempts()).isZero();
    }

    @Test
    void shouldLeaveCursorSavedButNoHandOver_whenCrashingAfterCursorSaved() {
        // given a budget of one page, so the next step would be the hand-over
        TransferJob message = usersJob();

        // when
        runCrashingAt(AFTER_CURSOR_SAVED, message, 1);

        // then the cursor covers the written page, and no continuation was recorded or sent
        assertThat(users0().cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(users0().rowsCopied()).isEqualTo(7);
        assertThat(users0().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(ferry.store.job(ACME, USERS_0.next())).isEmpty();
        assertThat(ferry.queue.sent()).isEmpty();
    }

    @Test
    void shouldLeaveContinuationRecordedButUnsent_whenCrashingWhileSendingIt() {
        // given a budget of one page
        TransferJob message = usersJob();

        // when
        runCrashingAt(WHILE_SENDING_CONTINUATION, message, 1);

        // then this job is CONTINUED, its continuation PENDING at the saved cursor, and no message went out
        assertThat(users0().status()).isEqualTo(JobStatus.CONTINUED);
        Job continuation = ferry.store.job(ACME, USERS_0.next()).orElseThrow();
        assertThat(continuation.status()).isEqualTo(JobStatus.PENDING);
        assertThat(continuation.cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(ferry.queue.sent()).isEmpty();
    }

    @Test
    void shouldLeaveInstallationInProgressWithoutJobs_whenTrackerCrashesAfterInProgress() {
        // given a READY installation
        ferry.remote.installation("acme", InstallationStatus.READY);
        ferry.failpoints.crashAt(TRACKER_AFTER_IN_PROGRESS, 1);

        // when
        assertThatThrownBy(() -> ferry.tracker.track(ACME)).isInstanceOf(SimulatedCrash.class);

        // then the remote was told and the installation is IN_PROGRESS, but no job exists or was sent
        assertThat(ferry.remote.statusWrites()).containsExactly("acme=IN_PROGRESS");
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.IN_PROGRESS);
        assertThat(ferry.store.jobs(ACME)).isEmpty();
        assertThat(ferry.queue.sent()).isEmpty();
    }

    @Test
    void shouldLeaveOldJobFailedAndRestartRecordedButUnsent_whenCheckerCrashesMidRestart() {
        // given an installation whose users job was taken by a worker that vanished after one page
        ferry.store.initTracking(ACME, InstallationStatus.IN_PROGRESS, ferry.clock.instant());
        for (var type : ferry.plan.dataTypes()) {
            ferry.store.insertJob(ACME, Job.pending(JobId.first(type.name()), type.name(), null, 0, 0, 0,
                    ferry.clock.instant()));
        }
        ferry.store.claim(ACME, USERS_0, new Lease("dead", ferry.clock.instant().plusSeconds(30)), ferry.clock.instant());
        ferry.store.saveProgress(ACME, USERS_0, "dead", 0, Cursor.ofNumber("7"), 7, null,
                ferry.clock.instant().plusSeconds(30), ferry.clock.instant());
        ferry.clock.advance(Duration.ofMinutes(1));
        ferry.failpoints.crashAt(CHECKER_MID_RESTART, 1);

        // when the checker finds the lease expired
        assertThatThrownBy(() -> ferry.checker.check(ACME)).isInstanceOf(SimulatedCrash.class);

        // then the old job is FAILED, the restart is recorded at its cursor, and no message went out
        assertThat(users0().status()).isEqualTo(JobStatus.FAILED);
        assertThat(users0().lastError().code()).isEqualTo(ErrorCode.LEASE_EXPIRED);
        Job restart = ferry.store.job(ACME, USERS_0.next()).orElseThrow();
        assertThat(restart.status()).isEqualTo(JobStatus.PENDING);
        assertThat(restart.cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(ferry.queue.sent()).isEmpty();
    }
}
