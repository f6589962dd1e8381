package dev.ferry.app;

import static dev.ferry.testing.SamplePlans.ORDERS;
import static dev.ferry.testing.SamplePlans.TAGS;
import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.budget.LoopOutcome;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTransferJobTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    private TransferJob recordJob(JobId id, String dataType, Cursor cursor) {
        ferry.store.insertJob(ACME, Job.pending(id, dataType, cursor, 0, 0, 0, ferry.clock.instant()));
        return new TransferJob(ACME, id, dataType, cursor);
    }

    @Test
    void shouldCopyEveryPageAndFinishDone_whenBudgetIsAmple() {
        // given 23 users served 7 per page
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob message = recordJob(JobId.first("users"), "users", null);

        // when
        RunTransferJob.Result result = ferry.transfer.run(message, "w1", () -> 900_000);

        // then every row is written once, the job is DONE and the tracker is asked to look
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(23);
        Job job = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(job.rowsCopied()).isEqualTo(23);
        assertThat(job.pages()).isEqualTo(4);
        assertThat(ferry.queue.sent(WorkMessage.Track.class)).containsExactly(new WorkMessage.Track(ACME));
    }

    @Test
    void shouldResumeFromLastCursor_whenBudgetRunsOut() {
        // given 23 users, 7 per page, and a budget of two pages per invocation
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob first = recordJob(JobId.first("users"), "users", null);

        // when the first invocation runs out of budget
        RunTransferJob.Result result = ferry.transfer.run(first, "w1", ferry.pagesPerInvocation(2).get());

        // then it committed two pages, handed over from cursor 14 and ended CONTINUED
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.BudgetSpent.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(14);
        assertThat(ferry.store.job(ACME, first.job()).orElseThrow().status()).isEqualTo(JobStatus.CONTINUED);
        Job continuation = ferry.store.job(ACME, first.job().next()).orElseThrow();
        assertThat(continuation.status()).isEqualTo(JobStatus.PENDING);
        assertThat(continuation.cursor()).isEqualTo(Cursor.ofNumber("14"));
        assertThat(continuation.rowsCopied()).isEqualTo(14);
        assertThat(ferry.queue.sent(TransferJob.class)).extracting(TransferJob::job).containsExactly(first.job().next());

        // when the continuation runs with enough budget
        int fetchesBefore = ferry.remote.fetchCount();
        ferry.transfer.run(ferry.queue.sent(TransferJob.class).get(0), "w2", () -> 900_000);

        // then it started at the saved cursor (two more pages: 14..21, 21..23) and finished
        assertThat(ferry.remote.fetchCount() - fetchesBefore).isEqualTo(2);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(23);
        assertThat(ferry.sink.rowsWritten()).isEqualTo(23);
        assertThat(ferry.store.job(ACME, first.job().next()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void shouldDoNothing_whenSecondDeliveryFindsJobHeld() {
        // given a job another worker holds with an unexpired lease
        ferry.remote.rows("acme", USERS, SamplePlans.users(5));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        ferry.store.claim(ACME, message.job(), new Lease("other", ferry.clock.instant().plusSeconds(600)), ferry.clock.instant());

        // when a duplicate delivery arrives
        RunTransferJob.Result result = ferry.transfer.run(message, "w2", () -> 900_000);

        // then it copies nothing
        assertThat(result.claimed()).isFalse();
        assertThat(ferry.remote.fetchCount()).isZero();
        assertThat(ferry.sink.rowsWritten()).isZero();
    }

    @Test
    void shouldDoNothing_whenJobIsAlreadyDone() {
        // given a finished job
        ferry.remote.rows("acme", USERS, SamplePlans.users(5));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        ferry.transfer.run(message, "w1", () -> 900_000);
        int written = ferry.sink.rowsWritten();

        // when the same message is delivered again
        RunTransferJob.Result result = ferry.transfer.run(message, "w2", () -> 900_000);

        // then nothing is copied again
        assertThat(result.claimed()).isFalse();
        assertThat(ferry.sink.rowsWritten()).isEqualTo(written);
    }

    @Test
    void shouldTakeOverFromSavedCursor_whenPreviousWorkersLeaseExpired() {
        // given a worker that committed one page then vanished
        ferry.remote.rows("acme", USERS, SamplePlans.users(10));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        ferry.store.claim(ACME, message.job(), new Lease("dead", ferry.clock.instant().plusSeconds(60)), ferry.clock.instant());
        ferry.store.saveProgress(ACME, message.job(), "dead", 0, Cursor.ofNumber("7"), 7, null,
                ferry.clock.instant().plusSeconds(60), ferry.clock.instant());

        // when the message is redelivered after the lease expired
        ferry.clock.advance(Duration.ofMinutes(2));
        ferry.transfer.run(message, "w2", () -> 900_000);

        // then only the rest is fetched and the job finishes
        assertThat(ferry.remote.fetchCount()).isEqualTo(1);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(3);
        assertThat(ferry.store.job(ACME, message.job()).orElseThrow().rowsCopied()).isEqualTo(10);
    }

    @Test
    void shouldFailJobWithReasonAndAcknowledge_whenHeadersDoNotMatchPlan() {
        // given a remote whose pages name a column the plan does not have
        ferry.remote.rows("acme", USERS, SamplePlans.users(3));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        var transfer = new RunTransferJob(ferry.plan, ferry.ports.withRemote((installation, dataType, after, limit) -> new RemotePage(List.of("id", "name", "surprise"),
                        List.of(List.of(1, "a", "b")), null)), WorkerSettings.DEFAULT);

        // when
        RunTransferJob.Result result = transfer.run(message, "w1", () -> 900_000);

        // then the job is FAILED with the code and nothing was written
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Failed.class);
        Job job = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.lastError().code()).isEqualTo(ErrorCode.HEADERS_MISMATCH);
        assertThat(job.lastError().message()).contains("surprise").contains("joined");
        assertThat(ferry.sink.rowsWritten()).isZero();
    }

    @Test
    void shouldReleaseJobToWaitForItsNextAttempt_whenRemoteIsUnavailable_thenResumeFromItsCursor() {
        // given a remote that fails after one good page
        ferry.remote.rows("acme", USERS, SamplePlans.users(20));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        var transfer = new RunTransferJob(ferry.plan, ferry.ports.withRemote(new dev.ferry.app.port.RemoteSource() {
            int calls;

            @Override
            public RemotePage fetchPage(InstallationId i, dev.ferry.domain.plan.DataType d, Cursor after, int limit) {
                if (calls++ == 1) {
                    throw new FerryException(ErrorCode.REMOTE_UNAVAILABLE, "503 from remote");
                }
                return ferry.remote.fetchPage(i, d, after, limit);
            }
        }), WorkerSettings.DEFAULT);
        ferry.queue.clear();

        // when the delivery fails
        RunTransferJob.Result result = transfer.run(message, "w1", () -> 900_000);

        // then it is acknowledged: the job waits PENDING at the last committed cursor, with the error and its next attempt
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Retrying.class);
        Job job = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastError().code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
        assertThat(job.failingSince()).isEqualTo(ferry.clock.instant());
        assertThat(job.nextAttemptAt()).isAfter(ferry.clock.instant());
        // and its message is on its way, due at the next attempt
        TransferJob resent = ferry.queue.sent(TransferJob.class).get(0);
        assertThat(ferry.queue.dueOf(resent)).contains(job.nextAttemptAt());

        // when a redelivery comes early, it is sent on again; once due, the job resumes from the cursor and finishes
        RunTransferJob.Result early = ferry.transfer.run(message, "w2", () -> 900_000);
        ferry.clock.advance(java.time.Duration.between(ferry.clock.instant(), job.nextAttemptAt()));
        ferry.transfer.run(message, "w3", () -> 900_000);
        assertThat(early.claimed()).isFalse();
        assertThat(early.waitingUntil()).isEqualTo(job.nextAttemptAt());
        assertThat(ferry.sink.rows("acme", "users")).hasSize(20);
        Job done = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.DONE);
        assertThat(done.failingSince()).isNull();
    }

    @Test
    void shouldNotSaveCursor_whenWritingThePageFails() {
        // given a sink that fails on the second page
        ferry.remote.rows("acme", USERS, SamplePlans.users(20));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        ferry.transfer.run(message, "w0", ferry.pagesPerInvocation(1).get());
        TransferJob continuation = ferry.queue.sent(TransferJob.class).get(0);
        ferry.sink.failNextWrite(new FerryException(ErrorCode.SINK_UNAVAILABLE, "connection reset"));

        // when
        RunTransferJob.Result result = ferry.transfer.run(continuation, "w1", () -> 900_000);

        // then the cursor stays where the last successful write left it
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Retrying.class);
        assertThat(ferry.store.job(ACME, continuation.job()).orElseThrow().cursor()).isEqualTo(Cursor.ofNumber("7"));
    }

    @Test
    void shouldFailInsteadOfLooping_whenCursorDoesNotAdvance() {
        // given a remote that always answers the same cursor
        TransferJob message = recordJob(JobId.first("users"), "users", Cursor.ofString("same"));
        var transfer = new RunTransferJob(ferry.plan, ferry.ports.withRemote((i, d, after, limit) -> new RemotePage(d.columnNames(),
                        List.of(new java.util.ArrayList<>(SamplePlans.users(1).get(0))), Cursor.ofString("same"))), WorkerSettings.DEFAULT);

        // when
        RunTransferJob.Result result = transfer.run(message, "w1", () -> 900_000);

        // then the job fails permanently after one fetch
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Failed.class);
        assertThat(ferry.store.job(ACME, message.job()).orElseThrow().lastError().code())
                .isEqualTo(ErrorCode.CURSOR_NOT_ADVANCING);
    }

    @Test
    void shouldPassOpaqueStringCursorsBackUntouched() {
        // given a remote with string cursors
        ferry.remote.useStringCursors().rows("acme", TAGS, SamplePlans.tags(9));
        TransferJob message = recordJob(JobId.first("tags"), "tags", null);

        // when
        ferry.transfer.run(message, "w1", ferry.pagesPerInvocation(1).get());

        // then the continuation carries the string cursor
        assertThat(ferry.store.job(ACME, message.job().next()).orElseThrow().cursor()).isEqualTo(Cursor.ofString("p4"));
    }

    @Test
    void shouldContinueWithNextDataType_inSingleEventMode() {
        // given a single-event plan
        CoreHarness single = new CoreHarness(SamplePlans.plan(MigrationMode.SINGLE_EVENT));
        single.remote.rows("acme", USERS, SamplePlans.users(3)).rows("acme", ORDERS, SamplePlans.orders(2));
        single.store.insertJob(ACME, Job.pending(JobId.first(JobId.SINGLE_CHAIN), "users", null, 0, 0, 0, single.clock.instant()));

        // when the first job drains users
        single.transfer.run(new TransferJob(ACME, JobId.first(JobId.SINGLE_CHAIN), "users", null), "w1", () -> 900_000);

        // then the chain continues with orders from the start
        Job next = single.store.job(ACME, new JobId(JobId.SINGLE_CHAIN, 1)).orElseThrow();
        assertThat(next.dataType()).isEqualTo("orders");
        assertThat(next.cursor()).isNull();
        assertThat(single.store.job(ACME, JobId.first(JobId.SINGLE_CHAIN)).orElseThrow().status()).isEqualTo(JobStatus.CONTINUED);
    }

    @Test
    void shouldSkipReplay_whenContinuationAlreadyExists() {
        // given a job that recorded its continuation but died before marking itself CONTINUED
        ferry.remote.rows("acme", USERS, SamplePlans.users(20));
        TransferJob message = recordJob(JobId.first("users"), "users", null);
        ferry.store.insertJob(ACME, Job.pending(message.job().next(), "users", Cursor.ofNumber("7"), 1, 7, 0, ferry.clock.instant()));

        // when the old message is redelivered
        RunTransferJob.Result result = ferry.transfer.run(message, "w2", () -> 900_000);

        // then it steps aside without copying
        assertThat(result.claimed()).isFalse();
        assertThat(ferry.remote.fetchCount()).isZero();
        assertThat(ferry.store.job(ACME, message.job()).orElseThrow().status()).isEqualTo(JobStatus.CONTINUED);
    }
}
