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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker reading its next page while it writes the current one. */
class ReadAheadTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private static final WorkerSettings PIPELINED = new WorkerSettings(CoreHarness.SAFETY_MILLIS, 0, 1_000,
            CoreHarness.FAILURES, 0, 65_535, WorkerSettings.DEFAULT_MAX_PAGE_SIZE, true, 0, 1);
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
    /** What happened, in order: "fetch <after>", "write <first id>", "save <cursor>". */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private TransferJob recordJob(JobId id) {
        ferry.store.insertJob(ACME, Job.pending(id, "users", null, 0, 0, 0, ferry.clock.instant()));
        return new TransferJob(ACME, id, "users", null);
    }

    private RunTransferJob pipelined() {
        RemoteSource remote = (installation, dataType, after, limit) -> {
            events.add("fetch " + after);
            return ferry.remote.fetchPage(installation, dataType, after, limit);
        };
        RowSink sink = new RowSink() {
            @Override
            public void upsert(InstallationId installation, DataType dataType, List<Row> rows) {
                events.add("write " + rows.get(0).get(0));
                ferry.sink.upsert(installation, dataType, rows);
            }

            @Override
            public void applyDeletions(InstallationId installation, DataType dataType, List<Tombstone> tombstones) {
                ferry.sink.applyDeletions(installation, dataType, tombstones);
            }
        };
        return new RunTransferJob(ferry.plan, ferry.ports.withRemote(remote).withSink(sink), PIPELINED);
    }

    @Test
    void shouldAskAgainAtTheLargestLimitAnswered_whenTheRemoteRefusesAGrownPage_andCopyEveryRow() {
        // given 5,000 users, a plan page size of 7, pages grown toward 1 MiB, and a remote refusing limits over 100
        ferry.remote.rows("acme", USERS, SamplePlans.users(5_000));
        List<Integer> limits = Collections.synchronizedList(new ArrayList<>());
        RemoteSource capped = (installation, dataType, after, limit) -> {
            limits.add(limit);
            if (limit > 100) {
                throw new FerryException(ErrorCode.REMOTE_REJECTED, "limit must be an integer from 1 to 100");
            }
            return ferry.remote.fetchPage(installation, dataType, after, limit);
        };
        WorkerSettings growing = new WorkerSettings(CoreHarness.SAFETY_MILLIS, 0, 1_000, CoreHarness.FAILURES,
                1_048_576, 65_535, WorkerSettings.DEFAULT_MAX_PAGE_SIZE, true, 0, 1);
        TransferJob message = recordJob(JobId.first("users"));

        // when the job runs
        RunTransferJob.Result result = new RunTransferJob(ferry.plan, ferry.ports.withRemote(capped), growing)
                .run(message, "w1", () -> 900_000);

        // then the job drains with every row, the refused limit was asked once, and later pages stay at 28
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(5_000);
        assertThat(limits).startsWith(7, 28, 112, 28);
        assertThat(limits.subList(3, limits.size())).allMatch(limit -> limit == 28);
    }

    @Test
    void shouldWriteEachPageOnlyAfterThePageBeforeItIsWrittenAndSaved_andCopyEveryRowOnce() {
        // given 23 users, 7 per page, and a worker reading ahead with an ample budget
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob message = recordJob(JobId.first("users"));

        // when
        RunTransferJob.Result result = pipelined().run(message, "w1", () -> 900_000);

        // then every row is written once and the job is DONE with all pages counted
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(23);
        assertThat(ferry.sink.rowsWritten()).isEqualTo(23);
        Job job = ferry.store.job(ACME, message.job()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(job.pages()).isEqualTo(4);
        // and the pages were written in order, each fetched before the one before it finished (read ahead)
        List<String> writes = events.stream().filter(e -> e.startsWith("write")).toList();
        assertThat(writes).containsExactly("write 1", "write 8", "write 15", "write 22");
        assertThat(events.stream().filter(e -> e.startsWith("fetch")).toList())
                .containsExactly("fetch null", "fetch 7", "fetch 14", "fetch 21");
        assertThat(events.indexOf("fetch 7")).isLessThan(events.indexOf("write 8"));
    }

    @Test
    void shouldDropAPageReadAhead_unwritten_whenTheBudgetRunsOut_andReadItAgainInTheNextJob() {
        // given 23 users, 7 per page, and an invocation with time for three pages
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob first = recordJob(JobId.first("users"));
        RunTransferJob transfer = pipelined();

        // when the first invocation runs
        RunTransferJob.Result result = transfer.run(first, "w1",
                () -> CoreHarness.SAFETY_MILLIS + 1000L * (3 - ferry.sink.rowsWritten() / 7));

        // then it wrote three pages, read the fourth ahead and dropped it unwritten
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.BudgetSpent.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(21);
        assertThat(ferry.failpoints.hits(Failpoint.READ_AHEAD_DISCARDED)).isEqualTo(1);
        assertThat(events).contains("fetch 21");
        Job continuation = ferry.store.job(ACME, first.job().next()).orElseThrow();
        assertThat(continuation.cursor()).isEqualTo(Cursor.ofNumber("21"));

        // when the continuation runs
        transfer.run(new TransferJob(ACME, continuation.id(), "users", continuation.cursor()), "w2", () -> 900_000);

        // then it reads the dropped page again and the copy is complete, no row written twice
        assertThat(ferry.sink.rows("acme", "users")).hasSize(23);
        assertThat(ferry.sink.rowsWritten()).isEqualTo(23);
        assertThat(ferry.store.job(ACME, continuation.id()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void shouldNotWriteAPageReadAhead_whenWritingThePageBeforeItFails() {
        // given a sink that fails on the second page
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob message = recordJob(JobId.first("users"));
        RunTransferJob transfer = pipelined();
        ferry.failpoints.runAt(Failpoint.AFTER_ROWS_WRITTEN, 1, () -> ferry.sink.failNextWrite(
                new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.SINK_UNAVAILABLE, "lost")));

        // when
        RunTransferJob.Result result = transfer.run(message, "w1", () -> 900_000);

        // then only the first page is written and saved; the page read ahead was dropped, and the job waits to retry
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Retrying.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(7);
        assertThat(ferry.store.job(ACME, message.job()).orElseThrow().cursor()).isEqualTo(Cursor.ofNumber("7"));
        assertThat(ferry.failpoints.hits(Failpoint.READ_AHEAD_DISCARDED)).isEqualTo(1);
    }
}
