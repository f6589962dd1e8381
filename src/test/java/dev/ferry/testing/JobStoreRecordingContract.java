package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.page.Cursor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link JobStore} contract, part one: the tracking row, recording jobs, claims and saved progress. */
public abstract class JobStoreRecordingContract extends JobStoreContractBase {

    // ---- tracking row ---------------------------------------------------------------------------

    @Test
    void shouldHaveNoTrackingStatus_whenInstallationIsUnknown() {
        // given an installation the store has never seen
        InstallationId unknown = unknownInstallation();

        // when / then
        assertThat(store.trackingStatus(unknown)).isEmpty();
    }

    @Test
    void shouldHaveNoTrackingStatus_beforeTrackingIsInitialised() {
        // given a fresh installation
        // when / then
        assertThat(store.trackingStatus(installation)).isEmpty();
    }

    @Test
    void shouldInitTrackingOnce_andKeepTheFirstStatus() {
        // given tracking initialised as PENDING
        assertThat(store.initTracking(installation, InstallationStatus.PENDING, T0)).isTrue();

        // when it is initialised again with another status
        boolean inserted = store.initTracking(installation, InstallationStatus.READY, T0.plusSeconds(1));

        // then nothing changes
        assertThat(inserted).isFalse();
        assertThat(store.trackingStatus(installation)).contains(InstallationStatus.PENDING);
    }

    @Test
    void shouldMoveTracking_whenItIsStillInTheExpectedStatus() {
        // given tracking at PENDING
        store.initTracking(installation, InstallationStatus.PENDING, T0);

        // when it moves along the allowed path
        boolean toReady = store.moveTracking(installation, InstallationStatus.PENDING, InstallationStatus.READY, T0.plusSeconds(1));
        boolean toInProgress = store.moveTracking(installation, InstallationStatus.READY, InstallationStatus.IN_PROGRESS, T0.plusSeconds(2));
        boolean toDone = store.moveTracking(installation, InstallationStatus.IN_PROGRESS, InstallationStatus.DONE, T0.plusSeconds(3));

        // then every move applies
        assertThat(toReady).isTrue();
        assertThat(toInProgress).isTrue();
        assertThat(toDone).isTrue();
        assertThat(store.trackingStatus(installation)).contains(InstallationStatus.DONE);
    }

    @Test
    void shouldNotMoveTracking_whenItsStatusHasAlreadyChanged() {
        // given tracking already at READY
        store.initTracking(installation, InstallationStatus.READY, T0);

        // when a move expects PENDING
        boolean moved = store.moveTracking(installation, InstallationStatus.PENDING, InstallationStatus.IN_PROGRESS, T0.plusSeconds(1));

        // then it does not apply
        assertThat(moved).isFalse();
        assertThat(store.trackingStatus(installation)).contains(InstallationStatus.READY);
    }

    @Test
    void shouldNotMoveTracking_whenThereIsNoTrackingRow() {
        // given no tracking row
        // when
        boolean moved = store.moveTracking(installation, InstallationStatus.PENDING, InstallationStatus.READY, T0);

        // then
        assertThat(moved).isFalse();
        assertThat(store.trackingStatus(installation)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"IN_PROGRESS, READY", "IN_PROGRESS, PENDING", "DONE, IN_PROGRESS", "DONE, PENDING", "PENDING, PENDING"})
    void shouldRefuseForbiddenTrackingMove(InstallationStatus from, InstallationStatus to) {
        // given tracking at `from`
        store.initTracking(installation, from, T0);

        // when / then a move the status model forbids is refused outright
        assertThatThrownBy(() -> store.moveTracking(installation, from, to, T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.trackingStatus(installation)).contains(from);
    }

    @Test
    void shouldKeepTheTrackingRowOutOfTheJobList() {
        // given a tracking row and one job
        store.initTracking(installation, InstallationStatus.IN_PROGRESS, T0);
        store.insertJob(installation, pending(ITEMS));

        // when
        var jobs = store.jobs(installation);

        // then only the job is listed
        assertThat(jobs).extracting(Job::id).containsExactly(ITEMS);
    }

    // ---- recording jobs -------------------------------------------------------------------------

    @Test
    void shouldListNoJobs_forAFreshInstallation() {
        // given a fresh installation
        // when / then
        assertThat(store.jobs(installation)).isEmpty();
        assertThat(store.job(installation, ITEMS)).isEmpty();
    }

    @Test
    void shouldReadBackEveryField_ofAnInsertedJob() {
        // given a continuation job carrying a cursor, counters and attempts
        Job job = Job.pending(new JobId("items", 3), "items", Cursor.ofNumber("1200"), 12, 1_200, 2, T0);
        Job other = Job.pending(JobId.first("users"), "users", Cursor.ofString("u-0042"), 0, 0, 0, T0.plusMillis(7));

        // when
        boolean inserted = store.insertJob(installation, job);
        store.insertJob(installation, other);

        // then it reads back as recorded
        assertThat(inserted).isTrue();
        assertThat(store.job(installation, job.id())).contains(job);
        assertThat(store.job(installation, other.id())).contains(other);
        assertThat(store.jobs(installation)).containsExactlyInAnyOrder(job, other);
    }

    @Test
    void shouldInsertJobOnce_whenItIsRecordedTwice() {
        // given a recorded job
        Job first = pending(ITEMS);
        assertThat(store.insertJob(installation, first)).isTrue();

        // when a job with the same id is recorded again (a replayed step)
        boolean again = store.insertJob(installation, Job.pending(ITEMS, "items", Cursor.ofNumber("99"), 5, 500, 1, T0.plusSeconds(9)));

        // then the first one stays
        assertThat(again).isFalse();
        assertThat(store.jobs(installation)).containsExactly(first);
    }

    @Test
    void shouldKeepInstallationsApart() {
        // given a job in one installation
        store.insertJob(installation, pending(ITEMS));
        InstallationId other = freshInstallation();

        // when / then another installation does not see it, and can record its own
        assertThat(store.jobs(other)).isEmpty();
        assertThat(store.job(other, ITEMS)).isEmpty();
        assertThat(store.insertJob(other, pending(ITEMS))).isTrue();
        assertThat(store.claim(other, ITEMS, lease("w2", T0), T0)).isPresent();
        assertThat(store.job(installation, ITEMS).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    // ---- claim ----------------------------------------------------------------------------------

    @Test
    void shouldInsertContinuation_whileTheOwnerHoldsThePredecessor() {
        // given a job held by w1 with one page saved
        claimedBy("w1", T0);
        store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("100"), 100, null, T0.plus(LEASE), T0.plusSeconds(1));
        Job next = Job.pending(ITEMS.next(), "items", Cursor.ofNumber("100"), 1, 100, 0, T0.plusSeconds(2));

        // when w1 records its continuation
        boolean inserted = store.insertContinuation(installation, ITEMS, "w1", 1, next);

        // then it is there, PENDING, carrying the position
        assertThat(inserted).isTrue();
        Job stored = store.job(installation, ITEMS.next()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.PENDING);
        assertThat(stored.cursor()).isEqualTo(Cursor.ofNumber("100"));
        assertThat(stored.pages()).isEqualTo(1);
        assertThat(stored.rowsCopied()).isEqualTo(100);
        assertThat(stored.lease()).isNull();
    }

    @Test
    void shouldNotInsertContinuation_whenAnotherWorkerTookThePredecessorOver() {
        // given w1's lease expired and w2 took the job over
        claimedBy("w1", T0);
        Instant expiry = T0.plus(LEASE);
        store.claim(installation, ITEMS, lease("w2", expiry), expiry);

        // when the slow w1 records a continuation
        boolean inserted = store.insertContinuation(installation, ITEMS, "w1", 0,
                Job.pending(ITEMS.next(), "items", null, 0, 0, 0, expiry.plusSeconds(1)));

        // then nothing is recorded
        assertThat(inserted).isFalse();
        assertThat(store.job(installation, ITEMS.next())).isEmpty();
    }

    @Test
    void shouldNotInsertContinuation_whenThePredecessorIsFinished() {
        // given a job w1 held and finished as DONE
        claimedBy("w1", T0);
        store.finish(installation, ITEMS, "w1", JobStatus.DONE, T0.plusSeconds(1));

        // when a continuation is recorded for it
        boolean inserted = store.insertContinuation(installation, ITEMS, "w1", 0,
                Job.pending(ITEMS.next(), "items", null, 0, 0, 0, T0.plusSeconds(2)));

        // then nothing is recorded
        assertThat(inserted).isFalse();
        assertThat(store.job(installation, ITEMS.next())).isEmpty();
    }

    @Test
    void shouldNotInsertContinuation_whenThePageCountIsStale() {
        // given a job whose holder saved a page the caller does not know about
        claimedBy("w1", T0);
        store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("100"), 100, null, T0.plus(LEASE), T0.plusSeconds(1));

        // when a continuation is recorded with the old page count
        boolean inserted = store.insertContinuation(installation, ITEMS, "w1", 0,
                Job.pending(ITEMS.next(), "items", null, 0, 0, 0, T0.plusSeconds(2)));

        // then nothing is recorded
        assertThat(inserted).isFalse();
        assertThat(store.job(installation, ITEMS.next())).isEmpty();
    }

    @Test
    void shouldInsertContinuationOnce_whenItIsRecordedTwice() {
        // given a held job whose continuation is recorded
        claimedBy("w1", T0);
        Job next = Job.pending(ITEMS.next(), "items", Cursor.ofNumber("7"), 0, 0, 0, T0.plusSeconds(1));
        store.insertContinuation(installation, ITEMS, "w1", 0, next);

        // when it is recorded again
        boolean again = store.insertContinuation(installation, ITEMS, "w1", 0, next);

        // then the first stays, alone
        assertThat(again).isFalse();
        assertThat(store.jobs(installation)).extracting(Job::id).containsExactlyInAnyOrder(ITEMS, ITEMS.next());
    }

    @Test
    void shouldClaimAPendingJob() {
        // given a pending job
        store.insertJob(installation, pending(ITEMS));

        // when a worker claims it
        Optional<Job> claimed = store.claim(installation, ITEMS, lease("w1", T0), T0);

        // then it holds it
        assertThat(claimed).isPresent();
        assertThat(claimed.get().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(claimed.get().lease()).isEqualTo(lease("w1", T0));
        assertThat(claimed.get().heldAt(T0)).isTrue();
        assertThat(store.job(installation, ITEMS)).isEqualTo(claimed);
    }

    @Test
    void shouldRefuseSecondClaim_whileLeaseIsHeld() {
        // given a job claimed by w1
        claimedBy("w1", T0);

        // when w2 tries before the lease expires
        Optional<Job> second = store.claim(installation, ITEMS, lease("w2", T0.plusSeconds(60)), T0.plusSeconds(60));

        // then w1 keeps it
        assertThat(second).isEmpty();
        assertThat(stored().lease().owner()).isEqualTo("w1");
    }

    @Test
    void shouldRefuseClaim_justBeforeLeaseExpires() {
        // given a job claimed by w1 until T0 + 5 min
        claimedBy("w1", T0);
        Instant justBefore = T0.plus(LEASE).minusMillis(1);

        // when / then
        assertThat(store.claim(installation, ITEMS, lease("w2", justBefore), justBefore)).isEmpty();
    }

    @Test
    void shouldLetAnotherWorkerClaim_onceLeaseHasExpired() {
        // given a job claimed by w1 until T0 + 5 min
        claimedBy("w1", T0);
        Instant expiry = T0.plus(LEASE);

        // when w2 claims at the moment the lease expires
        Optional<Job> takeover = store.claim(installation, ITEMS, lease("w2", expiry), expiry);

        // then w2 holds it
        assertThat(takeover).isPresent();
        assertThat(takeover.get().lease()).isEqualTo(lease("w2", expiry));
        assertThat(stored().lease().owner()).isEqualTo("w2");
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"CONTINUED", "DONE", "FAILED"})
    void shouldNotClaimAJobInAFinalStatus(JobStatus finalStatus) {
        // given a job that reached a final status
        claimedBy("w1", T0);
        if (finalStatus == JobStatus.FAILED) {
            store.fail(installation, ITEMS, "w1", REJECTED, T0.plusSeconds(1));
        } else {
            store.finish(installation, ITEMS, "w1", finalStatus, T0.plusSeconds(1));
        }
        Instant muchLater = T0.plus(Duration.ofDays(1));

        // when anyone claims it, however late
        Optional<Job> claimed = store.claim(installation, ITEMS, lease("w2", muchLater), muchLater);

        // then nobody gets it
        assertThat(claimed).isEmpty();
        assertThat(stored().status()).isEqualTo(finalStatus);
    }

    @Test
    void shouldNotClaim_forAnInstallationItHasNeverSeen_norCreateAnything() {
        // given an installation without any state (for a database store: no database)
        InstallationId unknown = unknownInstallation();

        // when a job of it is claimed, as a message naming it would
        Optional<Job> claimed = store.claim(unknown, ITEMS, lease("w1", T0), T0);

        // then nothing is claimed, and nothing comes into being
        assertThat(claimed).isEmpty();
        assertThat(store.job(unknown, ITEMS)).isEmpty();
        assertThat(store.trackingStatus(unknown)).isEmpty();
    }

    @Test
    void shouldNotClaimAnUnknownJob() {
        // given no job
        // when / then
        assertThat(store.claim(installation, ITEMS, lease("w1", T0), T0)).isEmpty();
        assertThat(store.jobs(installation)).isEmpty();
    }

    // ---- saveProgress ---------------------------------------------------------------------------

    @Test
    void shouldSaveProgress_whenHolderAndPageCountMatch() {
        // given a claimed job
        claimedBy("w1", T0);

        // when two pages are committed
        boolean first = store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("100"), 100, null,
                T0.plusSeconds(400), T0.plusSeconds(10));
        boolean second = store.saveProgress(installation, ITEMS, "w1", 1, Cursor.ofNumber("200"), 80, null,
                T0.plusSeconds(420), T0.plusSeconds(20));

        // then the cursor, counters and lease follow
        assertThat(first).isTrue();
        assertThat(second).isTrue();
        Job job = stored();
        assertThat(job.cursor()).isEqualTo(Cursor.ofNumber("200"));
        assertThat(job.pages()).isEqualTo(2);
        assertThat(job.rowsCopied()).isEqualTo(180);
        assertThat(job.lease()).isEqualTo(new Lease("w1", T0.plusSeconds(420)));
        assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void shouldSetAttemptsBackToZero_whenAPageIsCommitted() {
        // given a job released twice after failures, then claimed again
        claimedBy("w1", T0);
        store.release(installation, ITEMS, "w1", new JobError(ErrorCode.REMOTE_UNAVAILABLE, "503"), null, null, T0.plusSeconds(1));
        store.claim(installation, ITEMS, lease("w2", T0.plusSeconds(2)), T0.plusSeconds(2));
        store.release(installation, ITEMS, "w2", new JobError(ErrorCode.REMOTE_UNAVAILABLE, "503"), null, null, T0.plusSeconds(3));
        store.claim(installation, ITEMS, lease("w3", T0.plusSeconds(4)), T0.plusSeconds(4));
        assertThat(stored().attempts()).isEqualTo(2);

        // when a page is committed
        store.saveProgress(installation, ITEMS, "w3", 0, Cursor.ofNumber("5"), 5, null, T0.plus(LEASE), T0.plusSeconds(5));

        // then the chain is progressing again: no failed attempts since
        assertThat(stored().attempts()).isZero();
    }

    @Test
    void shouldNotMoveCursorBackwards_whenPageCountIsStale() {
        // given a job whose first page was saved
        claimedBy("w1", T0);
        store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofString("b"), 10, null, T0.plus(LEASE), T0.plusSeconds(1));

        // when a replay saves an older cursor with the old page count
        boolean stale = store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofString("a"), 10, null, T0.plus(LEASE), T0.plusSeconds(2));

        // then nothing changes
        assertThat(stale).isFalse();
        Job job = stored();
        assertThat(job.cursor()).isEqualTo(Cursor.ofString("b"));
        assertThat(job.pages()).isEqualTo(1);
        assertThat(job.rowsCopied()).isEqualTo(10);
    }

    @Test
    void shouldRefuseProgress_fromAWorkerThatDoesNotHoldTheJob() {
        // given a job held by w1
        claimedBy("w1", T0);

        // when w2 saves progress
        boolean saved = store.saveProgress(installation, ITEMS, "w2", 0, Cursor.ofNumber("5"), 5, null, T0.plus(LEASE), T0.plusSeconds(1));

        // then
        assertThat(saved).isFalse();
        assertThat(stored().pages()).isZero();
        assertThat(stored().cursor()).isNull();
    }

    @Test
    void shouldRefuseProgress_fromThePreviousHolder_afterATakeover() {
        // given w1's lease expired and w2 took the job over
        claimedBy("w1", T0);
        Instant expiry = T0.plus(LEASE);
        store.claim(installation, ITEMS, lease("w2", expiry), expiry);

        // when the slow w1 saves a page
        boolean late = store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("7"), 7, null, expiry.plus(LEASE), expiry.plusSeconds(1));

        // then only w2 can
        assertThat(late).isFalse();
        assertThat(store.saveProgress(installation, ITEMS, "w2", 0, Cursor.ofNumber("9"), 9, null, expiry.plus(LEASE), expiry.plusSeconds(2))).isTrue();
        assertThat(stored().cursor()).isEqualTo(Cursor.ofNumber("9"));
    }

    @Test
    void shouldRefuseProgress_whenTheJobIsNotInProgress() {
        // given a pending job
        store.insertJob(installation, pending(ITEMS));

        // when
        boolean saved = store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("1"), 1, null, T0.plus(LEASE), T0);

        // then
        assertThat(saved).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void shouldExtendTheLease_whenProgressIsSaved() {
        // given w1 saved a page and extended its lease to T0 + 10 min
        claimedBy("w1", T0);
        store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("1"), 1, null, T0.plus(LEASE.multipliedBy(2)), T0.plusSeconds(60));
        Instant afterFirstLease = T0.plus(LEASE).plusSeconds(1);

        // when w2 tries after the first lease would have expired
        Optional<Job> takeover = store.claim(installation, ITEMS, lease("w2", afterFirstLease), afterFirstLease);

        // then w1 still holds it
        assertThat(takeover).isEmpty();
        assertThat(stored().lease().owner()).isEqualTo("w1");
    }
}
