package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.ManualClock;
import dev.ferry.testing.RecordingWorkQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Switching the primary and starting reverse syncs, on fakes. */
class CutoverTest {
    static final InstallationId ACME = InstallationId.of("acme");
    static final DataType PROJECTS = type("projects", 1, new ChangeFeed("updated_at", true));
    static final DataType ISSUES = type("issues", 2, new ChangeFeed("updated_at", false));
    static final DataType LABELS = type("labels", 3, null);

    final ManualClock clock = ManualClock.startingAt("2026-03-01T10:00:00Z");
    final InMemoryJobStore store = new InMemoryJobStore();
    final RecordingWorkQueue queue = new RecordingWorkQueue();
    // single-event mode on purpose: reverse syncs still run one chain per data type
    final MigrationPlan plan = new MigrationPlan("p", MigrationMode.SINGLE_EVENT, List.of(LABELS, ISSUES, PROJECTS),
            List.of());
    final Cutover cutover = new Cutover(plan, store, queue, clock);

    static DataType type(String name, int order, ChangeFeed feed) {
        return new DataType(name, name, name, List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("updated_at", ColumnType.DATETIME)), List.of("id"), 100, order, feed);
    }

    static void assertRefused(Throwable e) {
        assertThat(e).isInstanceOfSatisfying(FerryException.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.CUTOVER_REFUSED);
            assertThat(f.retryable()).isFalse();
        });
    }

    void done() {
        store.initTracking(ACME, InstallationStatus.DONE, clock.instant());
    }

    /** Ends the live job of a chain as {@code status}, as a worker would. */
    void end(String jobId, JobStatus status) {
        JobId id = JobId.parse(jobId);
        Lease lease = new Lease("worker", clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(store.claim(ACME, id, lease, clock.instant())).as("claim " + jobId).isPresent();
        clock.advance(Duration.ofSeconds(1));
        if (status == JobStatus.FAILED) {
            store.fail(ACME, id, "worker", new JobError(ErrorCode.REMOTE_REJECTED, "no"), clock.instant());
        } else {
            store.finish(ACME, id, "worker", status, clock.instant());
        }
    }

    /** Ends the first job of every chain of reverse run {@code run} as {@code status}. */
    void endRun(int run, JobStatus status) {
        for (String type : List.of("projects", "issues", "labels")) {
            end(JobId.first(JobId.chain(type, run, true)).value(), status);
        }
    }

    /** Starts reverse run {@code run} and finishes every chain of it, as the workers would. */
    void finishReverseRun(int run) {
        assertThat(cutover.startReverseSync(ACME)).isEqualTo(run);
        endRun(run, JobStatus.DONE);
    }

    /** Records a continuation of a chain's job (as a worker whose budget ran out), PENDING. */
    void continueChain(String jobId) {
        JobId id = JobId.parse(jobId);
        Job job = store.job(ACME, id).orElseThrow();
        store.insertJob(ACME, Job.pending(id.next(), job.dataType(), null, 1, 10, 0, clock.instant()));
        end(jobId, JobStatus.CONTINUED);
    }

    List<String> jobIds() {
        return store.jobs(ACME).stream().map(j -> j.id().value()).sorted().toList();
    }

    // ---- switching to the destination -----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = InstallationStatus.class, names = "DONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldRefuseTheCutover_whenTheInstallationIsNotDone(InstallationStatus status) {
        // given an installation still migrating
        store.initTracking(ACME, status, clock.instant());

        // when / then
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.DESTINATION)).satisfies(CutoverTest::assertRefused);
        assertThat(store.primary(ACME)).isEqualTo(Primary.SOURCE);
    }

    @Test
    void shouldRefuseTheCutover_whenTheInstallationWasNeverTracked() {
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.DESTINATION)).satisfies(CutoverTest::assertRefused);
        assertThat(store.primary(ACME)).isEqualTo(Primary.SOURCE);
    }

    @Test
    void shouldSwitchToTheDestination_onceDone_andOnlyOnce() {
        // given a DONE installation
        done();

        // when the cutover is asked twice
        boolean first = cutover.switchTo(ACME, Primary.DESTINATION);
        boolean second = cutover.switchTo(ACME, Primary.DESTINATION);

        // then the first switched, the second changed nothing, and no work was queued
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.primary(ACME)).isEqualTo(Primary.DESTINATION);
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void shouldChangeNothing_whenSwitchingToTheSourceWhileItIsPrimary() {
        // given the source is primary of an installation still migrating
        store.initTracking(ACME, InstallationStatus.IN_PROGRESS, clock.instant());

        // when / then switching to it is a no-op, not a refusal
        assertThat(cutover.switchTo(ACME, Primary.SOURCE)).isFalse();
        assertThat(store.primary(ACME)).isEqualTo(Primary.SOURCE);
    }

    // ---- reverse sync ---------------------------------------------------------------------------

    @Test
    void shouldRefuseAReverseSync_whileTheSourceIsPrimary() {
        // given a DONE installation not switched over
        done();

        // when / then
        assertThatThrownBy(() -> cutover.startReverseSync(ACME)).satisfies(CutoverTest::assertRefused);
        assertThat(store.jobs(ACME)).isEmpty();
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void shouldLaunchOneReverseChainPerDataType_andSendThem() {
        // given the destination is primary
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);

        // when
        int run = cutover.startReverseSync(ACME);

        // then run 1: one PENDING `~type#0` job per data type, each sent once, in plan order
        assertThat(run).isEqualTo(1);
        assertThat(jobIds()).containsExactly("~issues#0", "~labels#0", "~projects#0");
        for (Job job : store.jobs(ACME)) {
            assertThat(job.status()).isEqualTo(JobStatus.PENDING);
            assertThat(job.dataType()).isEqualTo(job.id().base());
            assertThat(job.cursor()).isNull();
            assertThat(job.id().reverse()).isTrue();
            assertThat(job.id().pass()).isEqualTo(1);
        }
        assertThat(queue.sent(TransferJob.class)).extracting(m -> m.job().value())
                .containsExactly("~projects#0", "~issues#0", "~labels#0");
        assertThat(queue.sent(TransferJob.class)).allSatisfy(m -> {
            assertThat(m.installation()).isEqualTo(ACME);
            assertThat(m.dataType()).isEqualTo(m.job().base());
        });
    }

    @Test
    void shouldReturnTheRunningRun_andLaunchNothing_whenAskedAgainWhileItRuns() {
        // given run 1 under way: projects done, issues continued once, labels pending
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        cutover.startReverseSync(ACME);
        end("~projects#0", JobStatus.DONE);
        continueChain("~issues#0");
        int sentBefore = queue.sent().size();
        List<String> jobsBefore = jobIds();

        // when asked again
        int run = cutover.startReverseSync(ACME);

        // then it is the same run, with no new job and no new message
        assertThat(run).isEqualTo(1);
        assertThat(jobIds()).isEqualTo(jobsBefore);
        assertThat(queue.sent()).hasSize(sentBefore);
    }

    @Test
    void shouldStartTheNextRun_onceEveryReverseChainIsDone() {
        // given run 1 finished, issues through a continuation
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        cutover.startReverseSync(ACME);
        end("~projects#0", JobStatus.DONE);
        continueChain("~issues#0");
        end("~issues#1", JobStatus.DONE);
        end("~labels#0", JobStatus.DONE);
        queue.clear();
        int sentBefore = queue.sent().size();

        // when
        int run = cutover.startReverseSync(ACME);

        // then run 2 starts: `~type@2#0` for every data type, sent
        assertThat(run).isEqualTo(2);
        assertThat(store.jobs(ACME).stream().filter(j -> j.id().pass() == 2).map(j -> j.id().value()).sorted())
                .containsExactly("~issues@2#0", "~labels@2#0", "~projects@2#0");
        assertThat(queue.sent().subList(sentBefore, queue.sent().size()))
                .extracting(m -> ((TransferJob) m).job().value())
                .containsExactly("~projects@2#0", "~issues@2#0", "~labels@2#0");
        assertThat(cutover.startReverseSync(ACME)).as("asked again while run 2 runs").isEqualTo(2);
    }

    @Test
    void shouldStartANewRun_whenTheCurrentRunHasAFailedChain() {
        // given run 1 with a chain whose live job FAILED (say, the write endpoint was not deployed yet)
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        cutover.startReverseSync(ACME);
        end("~projects#0", JobStatus.DONE);
        end("~issues#0", JobStatus.FAILED);
        end("~labels#0", JobStatus.DONE);

        // when the operator asks again
        int run = cutover.startReverseSync(ACME);

        // then a new run starts (a failed run never blocks the way back), and rolling back waits for it
        assertThat(run).isEqualTo(2);
        assertThat(store.jobs(ACME)).hasSize(6);
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.SOURCE)).satisfies(CutoverTest::assertRefused);
    }

    /** Records a diff pass that moved everything within a single run, begun now (as the checker and workers would). */
    void caughtUpPass(int pass) {
        List<DiffPassSteps.Step> steps = DiffPassSteps.of(plan);
        for (int i = 0; i < steps.size(); i++) {
            JobStatus status = i == steps.size() - 1 ? JobStatus.DONE : JobStatus.CONTINUED;
            store.insertJob(ACME, new Job(new JobId(JobId.chain(JobId.SINGLE_CHAIN, pass, false), i),
                    steps.get(i).dataType().name(), status, null, 1, 1, 0, null, null, clock.instant(), clock.instant(),
                    clock.instant()));
        }
    }

    @Test
    void shouldRefuseASecondCutover_untilAPassSinceTheRollbackRanInASingleRun() {
        // given a cutover, a finished reverse sync and a rollback
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        finishReverseRun(1);
        assertThat(cutover.switchTo(ACME, Primary.SOURCE)).isTrue();
        clock.advance(Duration.ofHours(1));

        // when / then cutting over again is refused while the destination may be stale
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.DESTINATION)).satisfies(CutoverTest::assertRefused);

        // and accepted once a pass begun since the rollback moved everything within a single run
        caughtUpPass(2);
        assertThat(cutover.switchTo(ACME, Primary.DESTINATION)).isTrue();
    }

    // ---- switching back to the source -----------------------------------------------------------

    @Test
    void shouldRefuseTheRollback_untilAReverseRunFinished() {
        // given the destination is primary
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);

        // when / then rolling back is refused with no reverse sync at all
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.SOURCE)).satisfies(CutoverTest::assertRefused);

        // and while run 1 runs
        cutover.startReverseSync(ACME);
        end("~projects#0", JobStatus.DONE);
        end("~issues#0", JobStatus.DONE);
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.SOURCE)).satisfies(CutoverTest::assertRefused);
        assertThat(store.primary(ACME)).isEqualTo(Primary.DESTINATION);

        // and once the last chain is DONE it is allowed, once
        end("~labels#0", JobStatus.DONE);
        assertThat(cutover.switchTo(ACME, Primary.SOURCE)).isTrue();
        assertThat(store.primary(ACME)).isEqualTo(Primary.SOURCE);
        assertThat(cutover.switchTo(ACME, Primary.SOURCE)).isFalse();
    }

    @Test
    void shouldRefuseTheRollback_whileANewerRunIsUnderWay() {
        // given run 1 finished and run 2 started
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        finishReverseRun(1);
        assertThat(cutover.startReverseSync(ACME)).isEqualTo(2);

        // when / then the newest run decides: not finished, so refused
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.SOURCE)).satisfies(CutoverTest::assertRefused);
    }

    @Test
    void shouldRefuseASecondRollback_withoutAReverseSyncSinceTheSecondCutover() {
        // given a first cutover, a finished reverse sync, a rollback, and a second cutover
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        finishReverseRun(1);
        assertThat(cutover.switchTo(ACME, Primary.SOURCE)).isTrue();
        clock.advance(Duration.ofHours(1));
        caughtUpPass(2);
        assertThat(cutover.switchTo(ACME, Primary.DESTINATION)).isTrue();

        // when rolling back again at once: the app has written to the destination since the second cutover,
        // and no reverse sync has copied it back
        // then it is refused (Cutover's contract: "no finished reverse sync since its cutover")
        assertThatThrownBy(() -> cutover.switchTo(ACME, Primary.SOURCE)).satisfies(CutoverTest::assertRefused);
        assertThat(store.primary(ACME)).isEqualTo(Primary.DESTINATION);

        // and a reverse sync then starts run 2, after which rolling back is allowed
        assertThat(cutover.startReverseSync(ACME)).isEqualTo(2);
        endRun(2, JobStatus.DONE);
        assertThat(cutover.switchTo(ACME, Primary.SOURCE)).isTrue();
    }

    @Test
    void shouldNeverQueueAnythingButTransferJobs() {
        // given a full cutover and reverse sync
        done();
        cutover.switchTo(ACME, Primary.DESTINATION);
        cutover.startReverseSync(ACME);

        // when / then the queue holds only the reverse jobs
        assertThat(queue.sent()).allMatch(m -> m instanceof WorkMessage.TransferJob);
    }
}
