package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An operator's pause and resume of one installation, through the work messages an operator sends. */
class PauseResumeTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private static final InstallationId OTHER = InstallationId.of("other");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    private void given(InstallationId installation, int users) {
        ferry.remote.installation(installation.value(), InstallationStatus.READY)
                .rows(installation.value(), SamplePlans.USERS, SamplePlans.users(users))
                .rows(installation.value(), SamplePlans.ORDERS, SamplePlans.orders(users * 2))
                .rows(installation.value(), SamplePlans.TAGS, SamplePlans.tags(users + 5));
    }

    private int written(InstallationId installation) {
        return ferry.plan.dataTypes().stream().mapToInt(t -> ferry.sink.rows(installation.value(), t.table()).size()).sum();
    }

    @Test
    void shouldStopEveryJobAtItsNextPage_andSendNothing_whilePaused() {
        // given two installations under way, one page moved per job
        given(ACME, 40);
        given(OTHER, 40);
        ferry.tracker.track(ACME);
        ferry.tracker.track(OTHER);
        ferry.deliverAll(ferry.pagesPerInvocation(1), 6);
        int before = written(ACME);

        // when ACME is paused, and its queued messages and later ticks are delivered
        ferry.handler.handle(new WorkMessage.Pause(ACME, true), "op-1", CoreHarness.unlimited().get());
        ferry.deliverAll(ferry.pagesPerInvocation(2), 10_000);
        TrackInstallation.Outcome tracked = ferry.tracker.track(ACME);

        // then ACME wrote nothing more and has nothing on its way, each chain parked PENDING at its cursor
        assertThat(written(ACME)).isEqualTo(before);
        assertThat(tracked).isEqualTo(TrackInstallation.Outcome.PAUSED);
        assertThat(ferry.queue.pending()).isEmpty();
        assertThat(Runs.of(ferry.plan, ferry.store.jobs(ACME)).currentPassRun().live().values())
                .hasSize(3).allMatch(j -> j.status() == JobStatus.PENDING);
        assertThat(ferry.store.controls(ACME).paused()).isTrue();
        // and the other installation went on to DONE
        for (int tick = 0; tick < 3; tick++) {
            ferry.tracker.track(OTHER);
            ferry.deliverAll(CoreHarness.unlimited(), 10_000);
        }
        assertThat(ferry.store.trackingStatus(OTHER)).contains(InstallationStatus.DONE);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.IN_PROGRESS);
    }

    @Test
    void shouldFinishFromTheLastCursors_withEveryRowOnce_whenResumed() {
        // given ACME paused part way
        given(ACME, 40);
        ferry.tracker.track(ACME);
        ferry.deliverAll(ferry.pagesPerInvocation(1), 5);
        ferry.handler.handle(new WorkMessage.Pause(ACME, true), "op-1", CoreHarness.unlimited().get());
        ferry.deliverAll(ferry.pagesPerInvocation(2), 10_000);
        long pagesBefore = ferry.store.jobs(ACME).stream().mapToLong(Job::pages).max().orElse(0);

        // when it is resumed, and ticks run until it settles
        WorkMessage.Pause resume = new WorkMessage.Pause(ACME, false);
        String summary = ferry.handler.handle(resume, "op-2", CoreHarness.unlimited().get()).summary();
        for (int tick = 0; tick < 3; tick++) {
            ferry.deliverAll(ferry.pagesPerInvocation(2), 10_000);
            ferry.tracker.track(ACME);
        }

        // then every chain was sent on at once, and the installation is DONE with the source's rows, each once
        assertThat(summary).isEqualTo("resume: 3 jobs sent");
        assertThat(pagesBefore).isPositive();
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        for (DataType type : ferry.plan.dataTypes()) {
            assertThat(ferry.sink.rows(ACME.value(), type.table())).as(type.name())
                    .containsExactlyElementsOf(PageConverter.convert(type, ferry.remote.fetchPage(ACME, type, null, 10_000)));
        }
        // and resuming again changes nothing
        assertThat(ferry.handler.handle(resume, "op-3", CoreHarness.unlimited().get()).summary()).isEqualTo("resume: 0 jobs sent");
    }

    @Test
    void shouldStopBeforeTheNextPage_whenPausedWhileAJobRuns() {
        // given a job under way, paused by an operator right after its first page is saved
        given(ACME, 40);
        ferry.tracker.track(ACME);
        TransferJob users = ferry.queue.sent(TransferJob.class).get(0);
        ferry.queue.clear();
        ferry.failpoints.runAt(Failpoint.AFTER_CURSOR_SAVED, 1, () -> ferry.checker.pause(ACME));

        // when the job runs with budget for many pages
        RunTransferJob.Result result = ferry.transfer.run(users, "worker-1", CoreHarness.unlimited().get());

        // then it stopped after that one page and handed over to a continuation it did not send
        assertThat(result.outcome()).isInstanceOf(dev.ferry.domain.budget.LoopOutcome.Paused.class);
        assertThat(result.outcome().pages()).isEqualTo(1);
        assertThat(ferry.sink.rows(ACME.value(), SamplePlans.USERS.table())).hasSize((int) result.outcome().rows());
        assertThat(ferry.store.job(ACME, users.job()).orElseThrow().status()).isEqualTo(JobStatus.CONTINUED);
        Job next = ferry.store.job(ACME, users.job().next()).orElseThrow();
        assertThat(next.status()).isEqualTo(JobStatus.PENDING);
        assertThat(next.pages()).isEqualTo(1);
        assertThat(ferry.queue.pending()).isEmpty();
    }

    @Test
    void shouldRefuse_whenTheInstallationWasNeverTracked() {
        // given an installation Ferry has never seen
        // when an operator pauses it
        // then it is refused, permanently, and nothing was created
        assertThatThrownBy(() -> ferry.handler.handle(new WorkMessage.Pause(ACME, true), "op", CoreHarness.unlimited().get()))
                .isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.UNKNOWN_INSTALLATION);
        assertThat(ferry.store.controls(ACME).paused()).isFalse();
        assertThat(ferry.store.trackingStatus(ACME)).isEmpty();
    }

    @Test
    void shouldLeaveAPausedInstallationAlone_evenIfItsRemoteSaysReady() {
        // given an installation waiting (remote PENDING), paused, then made READY by the app
        given(ACME, 3);
        ferry.remote.installation(ACME.value(), InstallationStatus.PENDING);
        ferry.tracker.track(ACME);
        ferry.checker.pause(ACME);
        ferry.remote.installation(ACME.value(), InstallationStatus.READY);

        // when the tracker looks
        TrackInstallation.Outcome outcome = ferry.tracker.track(ACME);

        // then it does not start it, nor tell the remote anything
        assertThat(outcome).isEqualTo(TrackInstallation.Outcome.PAUSED);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.PENDING);
        assertThat(ferry.remote.statusWrites()).isEmpty();
        assertThat(List.copyOf(ferry.queue.pending())).isEmpty();
    }
}
