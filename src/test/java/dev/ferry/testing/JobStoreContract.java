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
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link JobStore} promises, as its Javadoc states it. A store's test extends this class
 * and supplies the store and fresh installations. Times are whole milliseconds (a store may keep no
 * more), and each test runs against its own fresh installation.
 */
public abstract class JobStoreContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final JobId ITEMS = JobId.first("items");
    private static final JobError RATE_LIMITED = new JobError(ErrorCode.REMOTE_RATE_LIMITED, "remote asked to slow down");
    private static final JobError REJECTED = new JobError(ErrorCode.SINK_REJECTED, "table `items` rejected the rows");

    protected JobStore store;
    protected InstallationId installation;

    /** The store under test. */
    protected abstract JobStore createStore();

    /** A new installation the store can record into straight away: no tracking row, no jobs. */
    protected abstract InstallationId freshInstallation();

    /** An installation the store has never been prepared for (for a database-backed store: no database). */
    protected InstallationId unknownInstallation() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return InstallationId.of("absent" + HexFormat.of().formatHex(bytes));
    }

    @BeforeEach
    void prepareStoreAndInstallation() {
        store = createStore();
        installation = freshInstallation();
    }

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

    // ---- finish / release / fail ---------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"CONTINUED", "DONE"})
    void shouldFinishTheJob_whenTheHolderEndsIt(JobStatus to) {
        // given a claimed job
        claimedBy("w1", T0);
        Instant end = T0.plusSeconds(30);

        // when the holder finishes it
        boolean finished = store.finish(installation, ITEMS, "w1", to, end);

        // then it is final and nobody holds it
        assertThat(finished).isTrue();
        Job job = stored();
        assertThat(job.status()).isEqualTo(to);
        assertThat(job.finishedAt()).isEqualTo(end);
        assertThat(job.lease()).isNull();
        assertThat(job.heldAt(end)).isFalse();
    }

    @Test
    void shouldNotFinish_whenAnotherWorkerHoldsTheJob() {
        // given a job held by w1
        claimedBy("w1", T0);

        // when w2 finishes it
        boolean finished = store.finish(installation, ITEMS, "w2", JobStatus.DONE, T0.plusSeconds(1));

        // then
        assertThat(finished).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void shouldNotFinishTwice() {
        // given a job finished as DONE
        claimedBy("w1", T0);
        store.finish(installation, ITEMS, "w1", JobStatus.DONE, T0.plusSeconds(1));

        // when the holder finishes it again
        boolean again = store.finish(installation, ITEMS, "w1", JobStatus.CONTINUED, T0.plusSeconds(2));

        // then
        assertThat(again).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.DONE);
        assertThat(stored().finishedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"CONTINUED", "DONE"})
    void shouldSaveTheLastPageAndFinish_inOneStep(JobStatus to) {
        // given a claimed job with one page saved
        claimedBy("w1", T0);
        store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("100"), 100, null, T0.plus(LEASE), T0.plusSeconds(1));
        Instant end = T0.plusSeconds(30);

        // when the holder records its last page and ends the job
        boolean finished = store.finishWithLastPage(installation, ITEMS, "w1", 1, Cursor.ofNumber("100"), 40, to, end);

        // then the page is counted, the job is final and nobody holds it
        assertThat(finished).isTrue();
        Job job = stored();
        assertThat(job.status()).isEqualTo(to);
        assertThat(job.pages()).isEqualTo(2);
        assertThat(job.rowsCopied()).isEqualTo(140);
        assertThat(job.cursor()).isEqualTo(Cursor.ofNumber("100"));
        assertThat(job.finishedAt()).isEqualTo(end);
        assertThat(job.lease()).isNull();
    }

    @Test
    void shouldNotFinishWithLastPage_whenPageCountIsStale() {
        // given a job whose first page was saved
        claimedBy("w1", T0);
        store.saveProgress(installation, ITEMS, "w1", 0, Cursor.ofNumber("100"), 100, null, T0.plus(LEASE), T0.plusSeconds(1));

        // when a replay ends it with the old page count
        boolean finished = store.finishWithLastPage(installation, ITEMS, "w1", 0, null, 100, JobStatus.DONE,
                T0.plusSeconds(2));

        // then nothing changes
        assertThat(finished).isFalse();
        Job job = stored();
        assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(job.pages()).isEqualTo(1);
        assertThat(job.rowsCopied()).isEqualTo(100);
    }

    @Test
    void shouldNotFinishWithLastPage_whenAnotherWorkerTookTheJobOver() {
        // given w1's lease expired and w2 took the job over
        claimedBy("w1", T0);
        Instant expiry = T0.plus(LEASE);
        store.claim(installation, ITEMS, lease("w2", expiry), expiry);

        // when the slow w1 ends it
        boolean finished = store.finishWithLastPage(installation, ITEMS, "w1", 0, null, 7, JobStatus.DONE,
                expiry.plusSeconds(1));

        // then w2 still holds it, untouched
        assertThat(finished).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(stored().lease().owner()).isEqualTo("w2");
        assertThat(stored().rowsCopied()).isZero();
    }

    @Test
    void shouldReleaseToPending_withTheErrorAndOneMoreAttempt() {
        // given a claimed job
        claimedBy("w1", T0);

        // when the holder gives it back after a retryable failure
        boolean released = store.release(installation, ITEMS, "w1", RATE_LIMITED, null, null, T0.plusSeconds(5));

        // then it is pending again, with the error recorded, and another worker may claim it at once
        assertThat(released).isTrue();
        Job job = stored();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastError()).isEqualTo(RATE_LIMITED);
        assertThat(job.lease()).isNull();
        assertThat(store.claim(installation, ITEMS, lease("w2", T0.plusSeconds(6)), T0.plusSeconds(6))).isPresent();
    }

    @Test
    void shouldNotRelease_whenTheCallerDoesNotHoldTheJob() {
        // given a job held by w1
        claimedBy("w1", T0);

        // when w2 releases it
        boolean released = store.release(installation, ITEMS, "w2", RATE_LIMITED, null, null, T0.plusSeconds(5));

        // then nothing changes
        assertThat(released).isFalse();
        Job job = stored();
        assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(job.attempts()).isZero();
        assertThat(job.lastError()).isNull();
    }

    @Test
    void shouldFailTheJob_whenTheHolderHitsAPermanentError() {
        // given a claimed job
        claimedBy("w1", T0);

        // when the holder fails it
        boolean failed = store.fail(installation, ITEMS, "w1", REJECTED, T0.plusSeconds(5));

        // then
        assertThat(failed).isTrue();
        Job job = stored();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastError()).isEqualTo(REJECTED);
        assertThat(job.finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldNotFail_whenTheCallerDoesNotHoldTheJob() {
        // given a job held by w1
        claimedBy("w1", T0);

        // when w2 fails it
        boolean failed = store.fail(installation, ITEMS, "w2", REJECTED, T0.plusSeconds(5));

        // then
        assertThat(failed).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    // ---- failExpired ----------------------------------------------------------------------------

    @Test
    void shouldFailAnExpiredJob_whoseWorkerVanished() {
        // given a job whose lease expired
        claimedBy("w1", T0);
        Instant expiry = T0.plus(LEASE);
        JobError lost = new JobError(ErrorCode.LEASE_EXPIRED, "worker stopped renewing its lease");

        // when the checker fails it
        boolean failed = store.failExpired(installation, ITEMS, lost, expiry);

        // then it is FAILED and nobody can claim it
        assertThat(failed).isTrue();
        assertThat(stored().status()).isEqualTo(JobStatus.FAILED);
        assertThat(stored().lastError()).isEqualTo(lost);
        assertThat(store.claim(installation, ITEMS, lease("w2", expiry), expiry)).isEmpty();
    }

    @Test
    void shouldNotFailExpired_whileTheLeaseIsHeld() {
        // given a job whose lease runs for one more millisecond
        claimedBy("w1", T0);
        Instant justBefore = T0.plus(LEASE).minusMillis(1);

        // when
        boolean failed = store.failExpired(installation, ITEMS, new JobError(ErrorCode.LEASE_EXPIRED, "lost"), justBefore);

        // then
        assertThat(failed).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void shouldNotFailExpired_whenTheJobIsPending() {
        // given a pending job
        store.insertJob(installation, pending(ITEMS));

        // when
        boolean failed = store.failExpired(installation, ITEMS, new JobError(ErrorCode.LEASE_EXPIRED, "lost"), T0.plus(Duration.ofDays(1)));

        // then
        assertThat(failed).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.PENDING);
    }

    // ---- markRedispatched -----------------------------------------------------------------------

    @Test
    void shouldMarkRedispatched_whenAPendingJobIsStale() {
        // given a job pending since T0
        store.insertJob(installation, pending(ITEMS));

        // when the checker finds it not updated since T0 + 1 min
        boolean marked = store.markRedispatched(installation, ITEMS, T0.plusSeconds(60), T0.plusSeconds(120));

        // then
        assertThat(marked).isTrue();
        Job job = stored();
        assertThat(job.updatedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(job.attempts()).isZero(); // a lost message is not a failure of the chain
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void shouldNotMarkRedispatched_whenTheJobWasUpdatedRecently() {
        // given a job pending since T0
        store.insertJob(installation, pending(ITEMS));

        // when the staleness bound lies before its last update
        boolean marked = store.markRedispatched(installation, ITEMS, T0.minusSeconds(60), T0.plusSeconds(1));

        // then
        assertThat(marked).isFalse();
        assertThat(stored().attempts()).isZero();
        assertThat(stored().updatedAt()).isEqualTo(T0);
    }

    @Test
    void shouldMarkRedispatchedOnce_whenTwoCheckersSeeTheSameStaleJob() {
        // given a stale pending job
        store.insertJob(installation, pending(ITEMS));
        Instant staleBefore = T0.plusSeconds(60);

        // when two checkers mark it
        boolean first = store.markRedispatched(installation, ITEMS, staleBefore, T0.plusSeconds(120));
        boolean second = store.markRedispatched(installation, ITEMS, staleBefore, T0.plusSeconds(121));

        // then only the first re-sends it
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(stored().updatedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void shouldNotMarkRedispatched_whenTheJobIsNotPending() {
        // given a job claimed at T0
        claimedBy("w1", T0);

        // when
        boolean marked = store.markRedispatched(installation, ITEMS, T0.plusSeconds(3600), T0.plusSeconds(3601));

        // then
        assertThat(marked).isFalse();
        assertThat(stored().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    // ---- failure state and loop mark ------------------------------------------------------------

    @Test
    void shouldNotClaimAJobWaitingForItsNextAttempt_butClaimItOnceDue() {
        // given a job released after a failure, to be tried again at T0 + 30 s
        claimedBy("w1", T0);
        store.release(installation, ITEMS, "w1", RATE_LIMITED, T0, T0.plusSeconds(30), T0.plusSeconds(1));

        // when workers try before and at its time
        Optional<Job> early = store.claim(installation, ITEMS, lease("w2", T0.plusSeconds(10)), T0.plusSeconds(10));
        Optional<Job> due = store.claim(installation, ITEMS, lease("w3", T0.plusSeconds(30)), T0.plusSeconds(30));

        // then only the one at its time gets it, and the failure state comes with it
        assertThat(early).isEmpty();
        assertThat(due).isPresent();
        assertThat(due.get().failingSince()).isEqualTo(T0);
        assertThat(due.get().attempts()).isEqualTo(1);
    }

    @Test
    void shouldRecordTheFailureStateOnRelease_andClearItWithTheNextCommittedPage() {
        // given a job released after a failure
        claimedBy("w1", T0);
        store.release(installation, ITEMS, "w1", RATE_LIMITED, T0, T0.plusSeconds(5), T0.plusSeconds(1));
        Job waiting = stored();
        LoopMark mark = new LoopMark("0123456789abcdef", "fedcba9876543210");

        // when it runs again and commits a page
        store.claim(installation, ITEMS, lease("w2", T0.plusSeconds(5)), T0.plusSeconds(5));
        boolean saved = store.saveProgress(installation, ITEMS, "w2", 0, Cursor.ofString("c1"), 3, mark,
                T0.plusSeconds(300), T0.plusSeconds(6));

        // then the release recorded when it began failing and when to try again; the page cleared both and kept the mark
        assertThat(waiting.status()).isEqualTo(JobStatus.PENDING);
        assertThat(waiting.failingSince()).isEqualTo(T0);
        assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(waiting.waitingAt(T0.plusSeconds(4))).isTrue();
        assertThat(saved).isTrue();
        Job progressing = stored();
        assertThat(progressing.attempts()).isZero();
        assertThat(progressing.failingSince()).isNull();
        assertThat(progressing.nextAttemptAt()).isNull();
        assertThat(progressing.loopMark()).isEqualTo(mark);
    }

    @Test
    void shouldRecordAJobsFailureStateAndLoopMark_asGiven() {
        // given a restarted job carrying its chain's failure state and loop mark
        LoopMark mark = new LoopMark("00000000000000aa", "00000000000000bb");
        Job restarted = Job.pending(ITEMS, "items", Cursor.ofNumber("40"), 4, 40, 3, T0)
                .withRetry(3, T0.minusSeconds(600), T0.plusSeconds(20)).withLoopMark(mark);

        // when
        store.insertJob(installation, restarted);

        // then it reads back the same
        Job read = stored();
        assertThat(read.attempts()).isEqualTo(3);
        assertThat(read.failingSince()).isEqualTo(T0.minusSeconds(600));
        assertThat(read.nextAttemptAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(read.loopMark()).isEqualTo(mark);
    }

    @Test
    void shouldCarryTheLoopMarkIntoAContinuation() {
        // given a held job
        claimedBy("w1", T0);
        LoopMark mark = new LoopMark("1111111111111111", "2222222222222222");
        Job next = Job.pending(ITEMS.next(), "items", Cursor.ofString("c9"), 0, 0, 0, T0.plusSeconds(1)).withLoopMark(mark);

        // when its continuation is recorded
        store.insertContinuation(installation, ITEMS, "w1", 0, next);

        // then the continuation keeps the chain's loop mark
        assertThat(store.job(installation, ITEMS.next()).orElseThrow().loopMark()).isEqualTo(mark);
    }

    @Test
    void shouldNotRedispatchAWaitingJob_untilItHasBeenDueForAWhile() {
        // given a job released at T0 + 1 s to be tried again at T0 + 10 min
        claimedBy("w1", T0);
        store.release(installation, ITEMS, "w1", RATE_LIMITED, T0, T0.plusSeconds(600), T0.plusSeconds(1));

        // when the checker looks for lost messages (untouched for 5 min) before and well after it fell due
        boolean beforeDue = store.markRedispatched(installation, ITEMS, T0.plusSeconds(300), T0.plusSeconds(600));
        boolean afterDue = store.markRedispatched(installation, ITEMS, T0.plusSeconds(601), T0.plusSeconds(901));

        // then only once it has been due for longer than the bound is its message taken for lost
        assertThat(beforeDue).isFalse();
        assertThat(afterDue).isTrue();
    }

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

    // ---- helpers --------------------------------------------------------------------------------

    protected static Job pending(JobId id) {
        return Job.pending(id, id.chain().name(), null, 0, 0, 0, T0);
    }

    protected static Lease lease(String owner, Instant from) {
        return new Lease(owner, from.plus(LEASE));
    }

    /** Records the `items` job and lets {@code owner} claim it at {@code at} with a lease of {@link #LEASE}. */
    protected Job claimedBy(String owner, Instant at) {
        store.insertJob(installation, pending(ITEMS));
        return store.claim(installation, ITEMS, lease(owner, at), at).orElseThrow();
    }

    protected Job stored() {
        return store.job(installation, ITEMS).orElseThrow();
    }
}
