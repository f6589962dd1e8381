package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
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

class TrackInstallationTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    @Test
    void shouldApplySchemaMarkInProgressAndFanOutOneJobPerDataType_whenRemoteIsReady() {
        // given
        ferry.remote.installation("acme", InstallationStatus.READY);

        // when
        TrackInstallation.Outcome outcome = ferry.tracker.track(ACME);

        // then
        assertThat(outcome).isEqualTo(TrackInstallation.Outcome.STARTED);
        assertThat(ferry.schemaApplied.get(ACME)).containsExactly(1);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.IN_PROGRESS);
        assertThat(ferry.queue.sent(TransferJob.class)).extracting(TransferJob::dataType)
                .containsExactly("users", "orders", "tags");
        assertThat(ferry.store.jobs(ACME)).allMatch(j -> j.status() == JobStatus.PENDING && j.id().seq() == 0);
        assertThat(ferry.remote.statusWrites()).containsExactly("acme=IN_PROGRESS");
    }

    @Test
    void shouldReportTheStartOnce_whenAnotherTrackerIsReportingIt_andTakeOverOnlyAfterItsClaimExpires() {
        // given a READY installation whose start another tracker is reporting right now (its claim is live)
        ferry.remote.installation("acme", InstallationStatus.READY);
        ferry.store.initTracking(ACME, InstallationStatus.READY, ferry.clock.instant());
        ferry.store.claimStatusReport(ACME, "other-tracker", ferry.clock.instant().plus(TrackInstallation.STATUS_REPORT_CLAIM),
                ferry.clock.instant());

        // when this tracker sees it, then again after the other's claim expired (it vanished), then once more
        TrackInstallation.Outcome whileClaimed = ferry.tracker.track(ACME);
        java.util.List<String> writesWhileClaimed = ferry.remote.statusWrites();
        ferry.clock.advance(TrackInstallation.STATUS_REPORT_CLAIM.plusSeconds(1));
        TrackInstallation.Outcome afterExpiry = ferry.tracker.track(ACME);
        ferry.tracker.track(ACME);

        // then it waited without a word to the remote, then started it, and told the remote exactly once
        assertThat(whileClaimed).isEqualTo(TrackInstallation.Outcome.WAITING);
        assertThat(writesWhileClaimed).isEmpty();
        assertThat(afterExpiry).isEqualTo(TrackInstallation.Outcome.STARTED);
        assertThat(ferry.remote.statusWrites()).containsExactly("acme=IN_PROGRESS");
    }

    @Test
    void shouldPutEachStatusOnce_forAWholeMigration_evenWithRepeatedTicksAndChecks() {
        // given a READY installation with a little data
        ferry.remote.installation("acme", InstallationStatus.READY)
                .rows("acme", SamplePlans.USERS, SamplePlans.users(10))
                .rows("acme", SamplePlans.ORDERS, SamplePlans.orders(10))
                .rows("acme", SamplePlans.TAGS, SamplePlans.tags(10));

        // when it is tracked twice per tick, its jobs run, and its checks repeat after it is DONE
        for (int tick = 0; tick < 4; tick++) {
            ferry.tracker.track(ACME);
            ferry.tracker.track(ACME);
            ferry.deliverAll(CoreHarness.unlimited(), 10_000);
        }

        // then the remote heard each transition once
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(ferry.remote.statusWrites()).containsExactly("acme=IN_PROGRESS", "acme=DONE");
    }

    @Test
    void shouldStartOneChain_inSingleEventMode() {
        // given
        CoreHarness single = new CoreHarness(SamplePlans.plan(MigrationMode.SINGLE_EVENT));
        single.remote.installation("acme", InstallationStatus.READY);

        // when
        single.tracker.track(ACME);

        // then one job walks the types, starting with the first in plan order
        assertThat(single.queue.sent(TransferJob.class)).extracting(TransferJob::job, TransferJob::dataType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(JobId.first(JobId.SINGLE_CHAIN), "users"));
    }

    @Test
    void shouldNotCallRemote_whenDestinationSaysDone() {
        // given a destination already DONE while the remote (wrongly) says READY
        ferry.remote.installation("acme", InstallationStatus.READY);
        ferry.store.initTracking(ACME, InstallationStatus.DONE, ferry.clock.instant());

        // when
        TrackInstallation.Outcome outcome = ferry.tracker.track(ACME);

        // then nothing happens
        assertThat(outcome).isEqualTo(TrackInstallation.Outcome.ALREADY_DONE);
        assertThat(ferry.queue.sent()).isEmpty();
        assertThat(ferry.schemaApplied).isEmpty();
    }

    @Test
    void shouldWaitWithoutStarting_whenRemoteIsPending() {
        // given
        ferry.remote.installation("acme", InstallationStatus.PENDING);

        // when
        TrackInstallation.Outcome outcome = ferry.tracker.track(ACME);

        // then
        assertThat(outcome).isEqualTo(TrackInstallation.Outcome.WAITING);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.PENDING);
        assertThat(ferry.queue.sent()).isEmpty();
    }

    @Test
    void shouldMirrorDone_whenRemoteSaysDone() {
        // given
        ferry.remote.installation("acme", InstallationStatus.DONE);

        // when
        TrackInstallation.Outcome outcome = ferry.tracker.track(ACME);

        // then
        assertThat(outcome).isEqualTo(TrackInstallation.Outcome.MIRRORED_DONE);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(ferry.queue.sent()).isEmpty();
    }

    @Test
    void shouldStartMissingChains_whenTrackerDiedAfterMarkingInProgress() {
        // given IN_PROGRESS recorded but only one job started before the crash
        ferry.store.initTracking(ACME, InstallationStatus.IN_PROGRESS, ferry.clock.instant());
        ferry.store.insertJob(ACME, Job.pending(JobId.first("users"), "users", null, 0, 0, 0, ferry.clock.instant()));

        // when the next tick tracks it
        ferry.tracker.track(ACME);

        // then the checker starts the two missing chains, not the existing one
        assertThat(ferry.queue.sent(TransferJob.class)).extracting(TransferJob::dataType).containsExactly("orders", "tags");
    }

    @Test
    void shouldLeaveAPermanentlyFailedChainFailed_untilAnOperatorRetriesIt_thenRestartFromItsCursor() {
        // given a job FAILED permanently after committing cursor 7
        startedWithJobs();
        Job users = ferry.store.job(ACME, JobId.first("users")).orElseThrow();
        ferry.store.claim(ACME, users.id(), new Lease("w", ferry.clock.instant().plusSeconds(60)), ferry.clock.instant());
        ferry.store.saveProgress(ACME, users.id(), "w", 0, Cursor.ofNumber("7"), 7, null, ferry.clock.instant().plusSeconds(60),
                ferry.clock.instant());
        ferry.store.fail(ACME, users.id(), "w", new JobError(ErrorCode.REMOTE_REJECTED, "403"), ferry.clock.instant());
        ferry.queue.clear();

        // when the checker runs, then an operator asks for a retry
        CheckJobs.Result checked = ferry.checker.check(ACME);
        boolean restartedByChecker = ferry.store.job(ACME, users.id().next()).isPresent();
        int retried = ferry.checker.retryFailed(ACME);

        // then the checker leaves the failure visible, and the retry carries on from cursor 7, due at once
        assertThat(checked.failed()).isEqualTo(1);
        assertThat(checked.restarted()).isZero();
        assertThat(restartedByChecker).isFalse();
        assertThat(retried).isEqualTo(1);
        Job restarted = ferry.store.job(ACME, users.id().next()).orElseThrow();
        assertThat(restarted.cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(restarted.rowsCopied()).isEqualTo(7);
        assertThat(restarted.attempts()).isZero();
        assertThat(restarted.nextAttemptAt()).isNull();
        assertThat(ferry.queue.pending()).containsExactly(new TransferJob(ACME, users.id().next(), "users", Cursor.ofNumber("7")));
    }

    @Test
    void shouldRestartJob_whenWorkerLeaseExpired() {
        // given a job whose worker vanished
        startedWithJobs();
        ferry.store.claim(ACME, JobId.first("orders"), new Lease("gone", ferry.clock.instant().plusSeconds(60)),
                ferry.clock.instant());
        ferry.queue.clear();

        // when the checker runs before and after the lease expires
        CheckJobs.Result early = ferry.checker.check(ACME);
        ferry.clock.advance(Duration.ofMinutes(2));
        CheckJobs.Result late = ferry.checker.check(ACME);

        // then it waits while the lease holds, then fails the job and restarts it
        assertThat(early.restarted()).isZero();
        assertThat(late.restarted()).isEqualTo(1);
        assertThat(ferry.store.job(ACME, JobId.first("orders")).orElseThrow().lastError().code())
                .isEqualTo(ErrorCode.LEASE_EXPIRED);
        assertThat(ferry.store.job(ACME, JobId.first("orders").next())).isPresent();
    }

    @Test
    void shouldResendPendingJob_whenItsMessageLooksLost() {
        // given a PENDING job untouched for longer than the redispatch delay
        startedWithJobs();
        ferry.queue.clear();
        ferry.clock.advance(Duration.ofMinutes(6));

        // when
        CheckJobs.Result result = ferry.checker.check(ACME);
        CheckJobs.Result again = ferry.checker.check(ACME);

        // then every pending job is re-sent once, not on every check
        assertThat(result.redispatched()).isEqualTo(3);
        assertThat(again.redispatched()).isZero();
        assertThat(ferry.queue.pending()).hasSize(3);
    }

    @Test
    void shouldStopRestartingAVanishingWorker_afterTheChainFailedForLongerThanAllowed() {
        // given a chain whose workers keep vanishing, failing without progress since 11 minutes ago (10 allowed)
        startedWithJobs();
        java.time.Instant since = ferry.clock.instant();
        ferry.clock.advance(Duration.ofMinutes(11));
        ferry.store.insertJob(ACME, new Job(JobId.first("tags").next(), "tags", JobStatus.FAILED, null, 0, 0, 3,
                new JobError(ErrorCode.LEASE_EXPIRED, "worker stopped"), null, since, since, since, since, null, null));
        ferry.queue.clear();

        // when
        CheckJobs.Result result = ferry.checker.check(ACME);

        // then it leaves the failure visible instead of restarting forever
        assertThat(result.failed()).isEqualTo(1);
        assertThat(ferry.store.job(ACME, new JobId("tags", 2))).isEmpty();
    }

    @Test
    void shouldRestartAVanishedWorkersJobAfterABackoff_whileTheChainHasNotFailedForTooLong() {
        // given a job whose worker vanished, the chain failing for 2 minutes
        startedWithJobs();
        java.time.Instant since = ferry.clock.instant();
        ferry.clock.advance(Duration.ofMinutes(2));
        ferry.store.insertJob(ACME, new Job(JobId.first("tags").next(), "tags", JobStatus.FAILED, null, 0, 0, 2,
                new JobError(ErrorCode.LEASE_EXPIRED, "worker stopped"), null, since, since, since, since, null, null));
        ferry.queue.clear();

        // when
        CheckJobs.Result result = ferry.checker.check(ACME);

        // then the next job waits for its backoff, with the chain's failure history, and its message is on its way
        assertThat(result.restarted()).isEqualTo(1);
        Job next = ferry.store.job(ACME, new JobId("tags", 2)).orElseThrow();
        assertThat(next.failingSince()).isEqualTo(since);
        assertThat(next.attempts()).isEqualTo(2);
        assertThat(next.nextAttemptAt()).isAfter(ferry.clock.instant());
        assertThat(ferry.queue.dueOf(ferry.queue.pending().get(0))).contains(next.nextAttemptAt());
    }

    @Test
    void shouldTellRemoteThenMarkDone_whenEveryChainIsDone() {
        // given every chain's latest job DONE
        startedWithJobs();
        for (String chain : new String[] {"users", "orders", "tags"}) {
            JobId id = JobId.first(chain);
            ferry.store.claim(ACME, id, new Lease("w", ferry.clock.instant().plusSeconds(60)), ferry.clock.instant());
            ferry.store.finish(ACME, id, "w", JobStatus.DONE, ferry.clock.instant());
        }

        // when
        TrackInstallation.Outcome outcome = ferry.tracker.track(ACME);

        // then
        assertThat(outcome).isEqualTo(TrackInstallation.Outcome.COMPLETED);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(ferry.remote.statusWrites()).endsWith("acme=DONE");
    }

    private void startedWithJobs() {
        ferry.remote.installation("acme", InstallationStatus.READY);
        ferry.tracker.track(ACME);
    }
}
