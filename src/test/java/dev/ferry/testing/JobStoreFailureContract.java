package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.page.Cursor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link JobStore} contract, part two: finishing, releasing and failing jobs, expiry, re-dispatch and failure state. */
public abstract class JobStoreFailureContract extends JobStoreRecordingContract {

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
}
