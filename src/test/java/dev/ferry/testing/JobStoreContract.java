package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.Primary;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} promises, as its Javadoc states it. A store's test extends this class and
 * supplies the store and fresh installations. Times are whole milliseconds (a store may keep no more), and
 * each test runs against its own fresh installation. The contract comes in parts, one extending the other:
 * {@link JobStoreRecordingContract}, {@link JobStoreFailureContract}, then here the primary side, cutover,
 * pause, status-report claims and the plan fingerprint.
 */
public abstract class JobStoreContract extends JobStoreFailureContract {

    // ---- primary and cutover --------------------------------------------------------------------

    @Test
    void shouldHaveTheSourceAsPrimary_byDefault() {
        // given a fresh installation, and one the store has never seen
        // when / then both read SOURCE
        assertThat(store.primary(installation)).isEqualTo(Primary.SOURCE);
        assertThat(store.primary(unknownInstallation())).isEqualTo(Primary.SOURCE);
    }

    @Test
    void shouldRecordTheCutoverOnce_whenTheSameSwitchIsAskedTwice() {
        // given the source is primary
        // when the switch to the destination is recorded, then recorded again
        boolean first = store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);
        boolean second = store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(1));

        // then only the first applied, and the destination is primary
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.primary(installation)).isEqualTo(Primary.DESTINATION);
    }

    @Test
    void shouldSwitchBackAndForth_whenEachSwitchStartsFromTheCurrentSide() {
        // given the destination became primary
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);

        // when switching back, and then over again
        boolean back = store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0.plusSeconds(1));
        Primary afterBack = store.primary(installation);
        boolean again = store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(2));

        // then every switch applied
        assertThat(back).isTrue();
        assertThat(afterBack).isEqualTo(Primary.SOURCE);
        assertThat(again).isTrue();
        assertThat(store.primary(installation)).isEqualTo(Primary.DESTINATION);
    }

    @Test
    void shouldNotSwitch_whenFromIsStale() {
        // given the source is primary (never switched)
        // when a switch claims to start from the destination
        boolean fromDestination = store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0);

        // then it does not apply
        assertThat(fromDestination).isFalse();
        assertThat(store.primary(installation)).isEqualTo(Primary.SOURCE);

        // and given the destination became primary, a switch from the source is stale too
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(1));
        boolean fromSource = store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(3));
        assertThat(fromSource).isFalse();
        assertThat(store.primary(installation)).isEqualTo(Primary.DESTINATION);

        // and after switching back, a switch from the destination is stale
        store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0.plusSeconds(4));
        assertThat(store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0.plusSeconds(5))).isFalse();
        assertThat(store.primary(installation)).isEqualTo(Primary.SOURCE);
    }

    @Test
    void shouldLetOnlyOneSwitchApply_whenOperatorsRace() throws Exception {
        // given eight operators switching to the destination at once
        int operators = 8;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(operators);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < operators; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);
                }));
            }

            // when
            go.countDown();
            int applied = 0;
            for (java.util.concurrent.Future<Boolean> result : results) {
                applied += result.get(10, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }

            // then exactly one applied
            assertThat(applied).isEqualTo(1);
            assertThat(store.primary(installation)).isEqualTo(Primary.DESTINATION);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNeverListTheCutoverRecord_asAJob() {
        // given a tracking row, one job and a recorded cutover (and a switch back)
        store.initTracking(installation, InstallationStatus.DONE, T0);
        store.insertJob(installation, pending(ITEMS));
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(1));
        assertThat(store.jobs(installation)).extracting(Job::id).containsExactly(ITEMS);
        store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0.plusSeconds(2));

        // when / then only the job is listed
        assertThat(store.jobs(installation)).extracting(Job::id).containsExactly(ITEMS);
    }

    @Test
    void shouldListNoJobs_whenOnlyACutoverIsRecorded() {
        // given no jobs at all, only a cutover
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);

        // when / then
        assertThat(store.jobs(installation)).isEmpty();
    }

    @Test
    void shouldLeaveTheTrackingStatusAlone_whenCutoversAreRecorded() {
        // given a DONE installation
        store.initTracking(installation, InstallationStatus.DONE, T0);

        // when it is switched over and back
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0.plusSeconds(1));
        InstallationStatus whileDestination = store.trackingStatus(installation).orElseThrow();
        store.recordCutover(installation, Primary.DESTINATION, Primary.SOURCE, T0.plusSeconds(2));

        // then the tracking status never changed
        assertThat(whileDestination).isEqualTo(InstallationStatus.DONE);
        assertThat(store.trackingStatus(installation)).contains(InstallationStatus.DONE);
    }

    @Test
    void shouldNotCreateATrackingRow_whenACutoverIsRecordedFirst() {
        // given no tracking row
        // when a cutover is recorded
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);

        // then there is still no tracking status, and tracking can be initialised and moved as usual
        assertThat(store.trackingStatus(installation)).isEmpty();
        assertThat(store.initTracking(installation, InstallationStatus.IN_PROGRESS, T0.plusSeconds(1))).isTrue();
        assertThat(store.moveTracking(installation, InstallationStatus.IN_PROGRESS, InstallationStatus.DONE,
                T0.plusSeconds(2))).isTrue();
        assertThat(store.trackingStatus(installation)).contains(InstallationStatus.DONE);
        assertThat(store.primary(installation)).isEqualTo(Primary.DESTINATION);
    }

    @Test
    void shouldKeepPrimariesOfInstallationsApart() {
        // given one installation switched over
        InstallationId other = freshInstallation();
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);

        // when / then the other is still on its source
        assertThat(store.primary(other)).isEqualTo(Primary.SOURCE);
        assertThat(store.recordCutover(other, Primary.SOURCE, Primary.DESTINATION, T0)).isTrue();
    }

    // ---- pause ----------------------------------------------------------------------------------

    @Test
    void shouldRunUnpaused_byDefault() {
        // given a fresh installation, and one the store has never seen
        // when / then neither is paused and nothing was ever set
        assertThat(store.controls(installation)).isEqualTo(dev.ferry.domain.job.Controls.NONE);
        assertThat(store.controls(unknownInstallation()).paused()).isFalse();
    }

    @Test
    void shouldPauseOnce_andResumeOnce() {
        // given a running installation
        // when it is paused twice, then resumed twice
        boolean paused = store.setPaused(installation, true, T0);
        boolean pausedAgain = store.setPaused(installation, true, T0.plusSeconds(5));
        Instant pausedSince = store.controls(installation).pausedSince();
        boolean resumed = store.setPaused(installation, false, T0.plusSeconds(10));
        boolean resumedAgain = store.setPaused(installation, false, T0.plusSeconds(11));

        // then only the first of each applied, the pause dated by the first
        assertThat(paused).isTrue();
        assertThat(pausedAgain).isFalse();
        assertThat(pausedSince).isEqualTo(T0);
        assertThat(resumed).isTrue();
        assertThat(resumedAgain).isFalse();
        assertThat(store.controls(installation).paused()).isFalse();

        // and a second pause applies again, dated anew
        assertThat(store.setPaused(installation, true, T0.plusSeconds(20))).isTrue();
        assertThat(store.controls(installation).pausedSince()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void shouldNotResume_anInstallationThatWasNeverPaused() {
        // given a running installation, never paused
        // when it is resumed
        // then nothing changed
        assertThat(store.setPaused(installation, false, T0)).isFalse();
        assertThat(store.controls(installation).paused()).isFalse();
    }

    @Test
    void shouldReadPauseAndPrimaryTogether_andKeepThePauseRowOutOfTheJobList() {
        // given an installation switched over, then paused, with one job
        store.insertJob(installation, pending(ITEMS));
        store.recordCutover(installation, Primary.SOURCE, Primary.DESTINATION, T0);
        store.setPaused(installation, true, T0.plusSeconds(1));

        // when its controls and jobs are read
        dev.ferry.domain.job.Controls controls = store.controls(installation);

        // then both controls show, and the only job is the real one
        assertThat(controls.primary()).isEqualTo(Primary.DESTINATION);
        assertThat(controls.cutoverAt()).isEqualTo(T0);
        assertThat(controls.pausedSince()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.jobs(installation)).extracting(Job::id).containsExactly(ITEMS);
    }

    @Test
    void shouldKeepPausesOfInstallationsApart() {
        // given one installation paused
        InstallationId other = freshInstallation();
        store.setPaused(installation, true, T0);

        // when / then the other still runs
        assertThat(store.controls(other).paused()).isFalse();
    }

    // ---- status-report claim --------------------------------------------------------------------

    @Test
    void shouldGrantTheStatusReportClaimToOneHolderAtATime_untilItIsReleasedOrExpires() {
        // given a tracked installation
        store.initTracking(installation, InstallationStatus.READY, T0);

        // when a holder claims it, another tries while it is live, the holder extends it, then it expires
        boolean first = store.claimStatusReport(installation, "a", T0.plusSeconds(60), T0);
        boolean other = store.claimStatusReport(installation, "b", T0.plusSeconds(70), T0.plusSeconds(10));
        boolean extended = store.claimStatusReport(installation, "a", T0.plusSeconds(120), T0.plusSeconds(20));
        boolean otherBeforeExpiry = store.claimStatusReport(installation, "b", T0.plusSeconds(200), T0.plusSeconds(119));
        boolean otherAfterExpiry = store.claimStatusReport(installation, "b", T0.plusSeconds(300), T0.plusSeconds(120));

        // then
        assertThat(first).isTrue();
        assertThat(other).isFalse();
        assertThat(extended).isTrue();
        assertThat(otherBeforeExpiry).isFalse();
        assertThat(otherAfterExpiry).isTrue();
        // and the tracking status is untouched by claims
        assertThat(store.trackingStatus(installation)).contains(InstallationStatus.READY);
    }

    @Test
    void shouldFreeTheStatusReportClaim_onlyWhenItsHolderReleasesIt() {
        // given a claim held by "a"
        store.initTracking(installation, InstallationStatus.READY, T0);
        store.claimStatusReport(installation, "a", T0.plusSeconds(60), T0);

        // when "b" releases it (not its own), then "a" does
        store.releaseStatusReport(installation, "b");
        boolean afterWrongRelease = store.claimStatusReport(installation, "b", T0.plusSeconds(60), T0.plusSeconds(1));
        store.releaseStatusReport(installation, "a");
        boolean afterRelease = store.claimStatusReport(installation, "b", T0.plusSeconds(60), T0.plusSeconds(2));

        // then only the holder's release freed it
        assertThat(afterWrongRelease).isFalse();
        assertThat(afterRelease).isTrue();
    }

    // ---- plan fingerprint -----------------------------------------------------------------------

    @Test
    void shouldRecordThePlanOnce_thenMoveItOnlyFromTheFingerprintSeen() {
        // given an installation with one job and no plan recorded
        store.insertJob(installation, pending(ITEMS));
        assertThat(store.controls(installation).planFingerprint()).isNull();

        // when two checkers record the first plan, then two move it on from it, one from a stale value
        boolean first = store.recordPlan(installation, null, "aaaa", T0);
        boolean firstAgain = store.recordPlan(installation, null, "aaaa", T0);
        boolean moved = store.recordPlan(installation, "aaaa", "bbbb", T0.plusSeconds(1));
        boolean stale = store.recordPlan(installation, "aaaa", "cccc", T0.plusSeconds(2));

        // then one of each pair applied, the plan row stays out of the job list, and the pause is untouched
        assertThat(first).isTrue();
        assertThat(firstAgain).isFalse();
        assertThat(moved).isTrue();
        assertThat(stale).isFalse();
        assertThat(store.controls(installation).planFingerprint()).isEqualTo("bbbb");
        assertThat(store.controls(installation).paused()).isFalse();
        assertThat(store.jobs(installation)).extracting(Job::id).containsExactly(ITEMS);
    }
}
