package dev.ferry.app;

import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.budget.LoopOutcome;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import org.junit.jupiter.api.Test;

/** Fairness between installations: a long invocation yields its slot when other work waits. */
class TimeSliceTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    /** A transfer with a 1 ms time slice, over a remote taking 5 ms a page. */
    private RunTransferJob sliced() {
        RemoteSource slow = (installation, dataType, after, limit) -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ferry.remote.fetchPage(installation, dataType, after, limit);
        };
        WorkerSettings settings = new WorkerSettings(CoreHarness.SAFETY_MILLIS, 0, 1_000, CoreHarness.FAILURES)
                .slicedEvery(1);
        return new RunTransferJob(ferry.plan, ferry.ports.withRemote(slow), settings);
    }

    private TransferJob recordJob() {
        ferry.store.insertJob(ACME, Job.pending(JobId.first("users"), "users", null, 0, 0, 0, ferry.clock.instant()));
        return new TransferJob(ACME, JobId.first("users"), "users", null);
    }

    @Test
    void shouldHandTheJobOverAfterItsTimeSlice_whenOtherWorkWaits() {
        // given 23 users, 7 per page, and another installation's message waiting in the queue
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob message = recordJob();
        ferry.queue.send(new WorkMessage.Track(InstallationId.of("globex")));

        // when the job runs with an ample budget
        RunTransferJob.Result result = sliced().run(message, "w1", () -> 900_000);

        // then it committed one page and handed over: a continuation from the saved cursor, behind globex's message
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.BudgetSpent.class);
        assertThat(result.outcome().pages()).isEqualTo(1);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(7);
        assertThat(ferry.queue.pending()).hasSize(2);
        assertThat(ferry.queue.pending().get(0)).isInstanceOf(WorkMessage.Track.class);
        assertThat(ferry.queue.pending().get(1)).isInstanceOf(TransferJob.class);
    }

    @Test
    void shouldKeepGoingPastItsTimeSlice_whenNothingElseWaits() {
        // given 23 users, 7 per page, and an empty queue
        ferry.remote.rows("acme", USERS, SamplePlans.users(23));
        TransferJob message = recordJob();

        // when
        RunTransferJob.Result result = sliced().run(message, "w1", () -> 900_000);

        // then the invocation copies everything itself
        assertThat(result.outcome()).isInstanceOf(LoopOutcome.Drained.class);
        assertThat(ferry.sink.rows("acme", "users")).hasSize(23);
    }
}
