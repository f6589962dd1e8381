package dev.ferry.app;

import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.budget.LoopOutcome;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.sync.Tombstone;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The worker writing several pages of one chain at once, each cursor saved in page order. */
class ParallelWritesTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private static final WorkerSettings THREE_WRITERS = new WorkerSettings(CoreHarness.SAFETY_MILLIS, 0, 1_000,
            CoreHarness.FAILURES, 0, 65_535, WorkerSettings.DEFAULT_MAX_PAGE_SIZE, true, 0, 3);
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
    /** Ids of the first row of each page, in the order their writes began and ended. */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private TransferJob recordJob() {
        JobId id = JobId.first("users");
        ferry.store.insertJob(ACME, Job.pending(id, "users", null, 0, 0, 0, ferry.clock.instant()));
        return new TransferJob(ACME, id, "users", null);
    }

    /** A sink that runs {@code beforeWrite} with a page's first id before writing it to the harness's sink. */
    private RowSink sink(Consumer<String> beforeWrite) {
        return new RowSink() {
            @Override
            public void upsert(InstallationId installation, DataType dataType, List<Row> rows) {
                String first = String.valueOf(rows.get(0).get(0));
                events.add("begin " + first);
                beforeWrite.accept(first);
                ferry.sink.upsert(installation, dataType, rows);
                events.add("end " + first);
            }

            @Override
            public void applyDeletions(InstallationId installation, DataType dataType, List<Tombstone> tombstones) {
                ferry.sink.applyDeletions(installation, dataType, tombstones);
            }
        };
    }

    private RunTransferJob worker(RowSink sink) {
        return new RunTransferJob(ferry.plan, ferry.ports.withSink(sink), THREE_WRITERS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the awaited write never began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldWriteTheNextPageWhileAPageIsStillBeingWritten_andCopyEveryRowOnce() {
        // given 50 users, 7 per page, and a first page whose write lasts until the second page's write has begun
        ferry.remote.rows("acme", USERS, SamplePlans.users(50));
        CountDownLatch secondBegan = new CountDownLatch(1);
        RowSink sink = sink(first -> {
            if (first.equals("8")) {
                secondBegan.countDown();
            } else if (first.equals("1")) {
                await(secondBegan);
            }
        });
        TransferJob message = recordJob();

        // when
        RunTransferJob.Result result = worker(sink).run(message, "w1", () -> 900_000);

        // then page two began before page one ended, and the job drained with every row written once
        assertThat(events.indexOf("begin 8")).isLessThan(events.indexOf("end 1"));
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(50);
        assertThat(ferry.sink.rowsWritten()).isEqualTo(50);
        Job job = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(job.pages()).isEqualTo(8);
        assertThat(job.rowsCopied()).isEqualTo(50);
    }

    @Test
    void shouldWriteAPageSharingAKeyOnlyAfterTheEarlierPage_soTheLaterVersionWins() {
        // given a remote whose second page repeats the first page's last row, changed
        List<String> headers = USERS.columnNames();
        RemoteSource overlapping = (installation, dataType, after, limit) -> {
            if (after == null) {
                return new RemotePage(headers, rows(1, 7, "old"), Cursor.ofNumber("7"));
            }
            if (after.value().equals("7")) {
                return new RemotePage(headers, rows(7, 13, "new"), Cursor.ofNumber("13"));
            }
            return new RemotePage(headers, rows(14, 15, "new"), null);
        };
        // and a slow write of the first page
        RowSink sink = sink(first -> {
            if (first.equals("1")) {
                sleep(300);
            }
        });
        TransferJob message = recordJob();

        // when
        RunTransferJob.Result result = new RunTransferJob(ferry.plan, ferry.ports.withRemote(overlapping).withSink(sink),
                THREE_WRITERS).run(message, "w1", () -> 900_000);

        // then the second page began only after the first ended, and row 7 is as the second page has it
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(events.indexOf("end 1")).isLessThan(events.indexOf("begin 7"));
        Row seven = ferry.sink.rows("acme", "users").stream()
                .filter(row -> ((Number) row.get(0)).intValue() == 7).findFirst().orElseThrow();
        assertThat(seven.get(1)).isEqualTo("new 7");
        assertThat(ferry.sink.rows("acme", "users")).hasSize(15);
    }

    @Test
    void shouldKeepTheCursorBeforeAFailedPage_andDropThePagesWrittenAfterIt_thenCopyAllOnTheRetry() {
        // given 50 users, 7 per page, and a second page whose write fails once the third page is written
        ferry.remote.rows("acme", USERS, SamplePlans.users(50));
        CountDownLatch thirdWritten = new CountDownLatch(1);
        boolean[] failed = {false};
        RowSink sink = sink(first -> {
            if (first.equals("15")) {
                thirdWritten.countDown();
            } else if (first.equals("8") && !failed[0]) {
                failed[0] = true;
                await(thirdWritten);
                sleep(100);
                throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "connection lost");
            }
        });
        TransferJob message = recordJob();
        RunTransferJob worker = worker(sink);

        // when the job runs
        RunTransferJob.Result result = worker.run(message, "w1", () -> 900_000);

        // then it waits to retry from the cursor after page one; the third page was written but not saved
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Retrying.class);
        Job job = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(job.cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(job.pages()).isEqualTo(1);
        assertThat(ferry.failpoints.hits(Failpoint.WRITTEN_AHEAD_DROPPED)).isGreaterThanOrEqualTo(1);
        assertThat(ferry.sink.rows("acme", "users")).extracting(row -> ((Number) row.get(0)).intValue())
                .contains(15).doesNotContain(8);

        // when the retry runs from the saved cursor, once it is due
        ferry.clock.advance(java.time.Duration.ofHours(1));
        Job retry = ferry.store.job(ACME, message.job()).orElseThrow();
        RunTransferJob.Result again = worker.run(new TransferJob(ACME, retry.id(), "users", retry.cursor()), "w2",
                () -> 900_000);

        // then every row is copied and each page is counted once
        assertThat(again.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(50);
        Job done = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.DONE);
        assertThat(done.pages()).isEqualTo(8);
        assertThat(done.rowsCopied()).isEqualTo(50);
    }

    @Test
    void shouldSaveEveryWrittenPage_whenTheBudgetRunsOutWithPagesStillBeingWritten() {
        // given 50 users, 7 per page, and an invocation with time for about three pages
        ferry.remote.rows("acme", USERS, SamplePlans.users(50));
        TransferJob message = recordJob();
        RunTransferJob worker = worker(sink(first -> sleep(20)));

        // when the first invocation runs
        RunTransferJob.Result result = worker.run(message, "w1",
                () -> CoreHarness.SAFETY_MILLIS + 1000L * (3 - ferry.sink.rowsWritten() / 7));

        // then its continuation starts right after the last page it saved, and every page it wrote is saved
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.BudgetSpent.class);
        Job first = ferry.store.job(ACME, message.job()).orElseThrow();
        Job continuation = ferry.store.job(ACME, message.job().next()).orElseThrow();
        assertThat(continuation.cursor()).isEqualTo(Cursor.ofNumber(Long.toString(first.rowsCopied())));
        assertThat(first.rowsCopied()).isEqualTo(ferry.sink.rows("acme", "users").size());

        // when the continuation runs
        worker.run(new TransferJob(ACME, continuation.id(), "users", continuation.cursor()), "w2", () -> 900_000);

        // then the copy is complete
        assertThat(ferry.sink.rows("acme", "users")).hasSize(50);
        assertThat(ferry.store.job(ACME, continuation.id()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void shouldRefuseWorkerSettings_withNoPageWrittenAtATime() {
        // given settings that would write pages with no writer
        WorkerSettings settings = WorkerSettings.DEFAULT;

        // when / then they are refused at once
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.writingAtOnce(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writers at least 1");
        assertThat(settings.writingAtOnce(3).writers()).isEqualTo(3);
    }

    private static List<List<Object>> rows(int from, int to, String name) {
        List<List<Object>> rows = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            rows.add(new ArrayList<>(List.of(BigDecimal.valueOf(id), name + " " + id, "2024-01-01T10:00:00Z")));
        }
        return rows;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
