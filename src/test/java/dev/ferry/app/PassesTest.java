package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.DiffPassSteps.Step;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SyncSettings;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.verify.RowKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steps, completion and windows of passes, derived from job rows alone. */
class PassesTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Parents first: projects, issues (both with deletions), labels (no feed), comments (changes only). */
    static final DataType PROJECTS = type("projects", 1, new ChangeFeed("updated_at", true));
    static final DataType ISSUES = type("issues", 2, new ChangeFeed("updated_at", true));
    static final DataType LABELS = type("labels", 3, null);
    static final DataType COMMENTS = type("comments", 4, new ChangeFeed("updated_at", false));

    static final Duration OVERLAP = Duration.ofSeconds(30);
    static final Duration INTERVAL = Duration.ofMinutes(10);

    // listed out of order on purpose: the plan sorts by `order`
    final MigrationPlan plan = new MigrationPlan("p", MigrationMode.FAN_OUT, List.of(LABELS, COMMENTS, PROJECTS, ISSUES),
            List.of(), new SyncSettings(false, OVERLAP, INTERVAL, 0));

    static DataType type(String name, int order, ChangeFeed feed) {
        return new DataType(name, name, name, List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("updated_at", ColumnType.DATETIME)), List.of("id"), 100, order, feed);
    }

    static Job job(String id, String dataType, JobStatus status, Cursor cursor, Instant created, Instant finished) {
        return new Job(JobId.parse(id), dataType, status, cursor, 1, 10, 0,
                status == JobStatus.FAILED ? new JobError(ErrorCode.SINK_UNAVAILABLE, "down") : null, null, created,
                finished == null ? created : finished, finished);
    }

    static Job done(String id, String dataType, Instant created, Instant finished) {
        return job(id, dataType, JobStatus.DONE, null, created, finished);
    }

    static Cursor phase(ChangePhase phase) {
        return ChangeCursor.start(LocalDateTime.of(2026, 3, 1, 9, 0), null).startOf(phase)
                .after(LocalDateTime.of(2026, 3, 1, 9, 30), RowKey.of(3L)).toCursor();
    }

    /** A diff pass whose every step took one job: CONTINUED into the next step, the last DONE. */
    List<Job> singleRunPass(int pass, Instant start) {
        List<Step> steps = DiffPassSteps.of(plan);
        List<JobStatus> statuses = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            statuses.add(i == steps.size() - 1 ? JobStatus.DONE : JobStatus.CONTINUED);
        }
        return passOf(pass, start, steps, statuses);
    }

    /** The jobs of one diff-pass chain: job {@code i} works on {@code steps[i]} and ended as {@code statuses[i]}. */
    List<Job> passOf(int pass, Instant start, List<Step> steps, List<JobStatus> statuses) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            Cursor cursor = s.dataType().hasChangeFeed() ? phase(s.phase()) : null;
            Instant created = start.plusSeconds(i);
            JobStatus status = statuses.get(i);
            jobs.add(job("*@" + pass + "#" + i, s.dataType().name(), status, cursor, created,
                    status.isFinal() ? created.plusMillis(500) : null));
        }
        return jobs;
    }

    // ---- steps ----------------------------------------------------------------------------------

    @Test
    void shouldListChangesChildrenFirst_thenDeletionsParentsFirst_onlyForTypesWithADeletionsFeed() {
        // given the plan above
        // when
        List<Step> steps = DiffPassSteps.of(plan);

        // then changes of every type in reverse plan order, then deletions in plan order where fed
        assertThat(steps).containsExactly(
                new Step(COMMENTS, ChangePhase.CHANGES),
                new Step(LABELS, ChangePhase.CHANGES),
                new Step(ISSUES, ChangePhase.CHANGES),
                new Step(PROJECTS, ChangePhase.CHANGES),
                new Step(PROJECTS, ChangePhase.DELETIONS),
                new Step(ISSUES, ChangePhase.DELETIONS));
        assertThat(DiffPassSteps.first(plan)).isEqualTo(new Step(COMMENTS, ChangePhase.CHANGES));
    }

    @Test
    void shouldHaveOnlyChangesSteps_whenNoTypeHasADeletionsFeed() {
        // given a plan where one type has changes only and the other no feed
        MigrationPlan noDeletions = new MigrationPlan("p", MigrationMode.FAN_OUT, List.of(LABELS, COMMENTS), List.of());

        // when / then
        assertThat(DiffPassSteps.of(noDeletions)).containsExactly(
                new Step(COMMENTS, ChangePhase.CHANGES), new Step(LABELS, ChangePhase.CHANGES));
    }

    @Test
    void shouldWalkTheStepsInOrder_andEndAfterTheLast() {
        // given the steps
        List<Step> steps = DiffPassSteps.of(plan);

        // when following next() from the first step
        List<Step> walked = new ArrayList<>();
        Step step = DiffPassSteps.first(plan);
        while (step != null) {
            walked.add(step);
            step = DiffPassSteps.next(plan, step).orElse(null);
        }

        // then every step is visited once, in order, and the last has no next
        assertThat(walked).isEqualTo(steps);
        assertThat(DiffPassSteps.next(plan, new Step(ISSUES, ChangePhase.DELETIONS))).isEmpty();
    }

    @Test
    void shouldHaveNoNext_forAStepThatIsNotInThePass() {
        // given a deletions step for a type without a deletions feed
        // when / then
        assertThat(DiffPassSteps.next(plan, new Step(LABELS, ChangePhase.DELETIONS))).isEmpty();
        assertThat(DiffPassSteps.next(plan, new Step(COMMENTS, ChangePhase.DELETIONS))).isEmpty();
    }

    @Test
    void shouldTellTheStep_fromTheJobsDataTypeAndCursorPhase() {
        // given diff-pass jobs in various steps
        Job issuesDeletions = job("*@2#5", "issues", JobStatus.PENDING, phase(ChangePhase.DELETIONS), T0, null);
        Job issuesChanges = job("*@2#2", "issues", JobStatus.PENDING, phase(ChangePhase.CHANGES), T0, null);
        Job labelsFresh = job("*@2#1", "labels", JobStatus.PENDING, null, T0, null);
        Job labelsMidCopy = job("*@2#1", "labels", JobStatus.PENDING, Cursor.ofNumber("1200"), T0, null);
        Job issuesNoCursor = job("*@2#2", "issues", JobStatus.PENDING, null, T0, null);

        // when / then the phase comes from the cursor; a type without a feed (full copy) is a changes step
        assertThat(DiffPassSteps.of(plan, issuesDeletions)).isEqualTo(new Step(ISSUES, ChangePhase.DELETIONS));
        assertThat(DiffPassSteps.of(plan, issuesChanges)).isEqualTo(new Step(ISSUES, ChangePhase.CHANGES));
        assertThat(DiffPassSteps.of(plan, labelsFresh)).isEqualTo(new Step(LABELS, ChangePhase.CHANGES));
        assertThat(DiffPassSteps.of(plan, labelsMidCopy)).isEqualTo(new Step(LABELS, ChangePhase.CHANGES));
        assertThat(DiffPassSteps.of(plan, issuesNoCursor)).isEqualTo(new Step(ISSUES, ChangePhase.CHANGES));
    }

    @Test
    void shouldRefuseTheStep_ofAJobWhoseDataTypeIsNotInThePlan() {
        Job stranger = job("*@2#0", "invoices", JobStatus.PENDING, null, T0, null);
        assertThatThrownBy(() -> DiffPassSteps.of(plan, stranger))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DATA_TYPE));
    }

    // ---- current pass ---------------------------------------------------------------------------

    @Test
    void shouldFindTheNewestForwardPassAndReverseRun() {
        // given jobs of passes 1..3 and reverse runs 1..2
        List<Job> jobs = List.of(done("issues#0", "issues", T0, T0), done("*@2#0", "comments", T0, T0),
                job("*@3#0", "comments", JobStatus.PENDING, null, T0, null), done("~issues#0", "issues", T0, T0),
                done("~issues@2#0", "issues", T0, T0));

        // when / then
        assertThat(Runs.of(plan, jobs).currentPass()).isEqualTo(3);
        assertThat(Runs.of(plan, jobs).currentReverse()).isEqualTo(2);
        assertThat(Runs.of(plan, List.of()).currentPass()).isEqualTo(1);
        assertThat(Runs.of(plan, List.of()).currentReverse()).isZero();
        assertThat(Runs.of(plan, jobs).reverse(2).jobs()).extracting(j -> j.id().value()).containsExactly("~issues@2#0");
        assertThat(Runs.of(plan, jobs).pass(1).jobs()).extracting(j -> j.id().value()).containsExactly("issues#0");
    }

    // ---- single run -----------------------------------------------------------------------------

    @Test
    void shouldBeASingleRun_whenEveryStepTookOneJob() {
        // given a pass of one job per step
        List<Job> pass = singleRunPass(2, T0);

        // when / then
        assertThat(pass).hasSize(6);
        assertThat(new Run(2, false, java.util.Map.of(), pass).singleRun(DiffPassSteps.of(plan).size())).isTrue();
    }

    @Test
    void shouldNotBeASingleRun_whenAStepNeededABudgetContinuation() {
        // given a pass where the issues changes step ran out of budget once: two jobs for that step
        List<Step> steps = new ArrayList<>(DiffPassSteps.of(plan));
        steps.add(3, steps.get(2));
        List<JobStatus> statuses = new ArrayList<>(java.util.Collections.nCopies(steps.size() - 1, JobStatus.CONTINUED));
        statuses.add(JobStatus.DONE);
        List<Job> pass = passOf(2, T0, steps, statuses);

        // when / then
        assertThat(pass).hasSize(7);
        assertThat(new Run(2, false, java.util.Map.of(), pass).singleRun(DiffPassSteps.of(plan).size())).isFalse();
    }

    @Test
    void shouldNotBeASingleRun_whenAJobWasRestartedAfterAFailure() {
        // given a pass whose issues changes job failed and was restarted by the checker
        List<Step> steps = new ArrayList<>(DiffPassSteps.of(plan));
        steps.add(3, steps.get(2));
        List<JobStatus> statuses = new ArrayList<>(java.util.Collections.nCopies(steps.size() - 1, JobStatus.CONTINUED));
        statuses.add(JobStatus.DONE);
        statuses.set(2, JobStatus.FAILED);
        List<Job> pass = passOf(2, T0, steps, statuses);

        // when / then
        assertThat(new Run(2, false, java.util.Map.of(), pass).singleRun(DiffPassSteps.of(plan).size())).isFalse();
    }

    @Test
    void shouldNotBeASingleRun_whenAJobOfThePassFailed_evenWithOneJobPerStep() {
        // given one job per step, one of them FAILED
        List<Job> pass = new ArrayList<>(singleRunPass(2, T0));
        Job first = pass.get(0);
        pass.set(0, job(first.id().value(), first.dataType(), JobStatus.FAILED, first.cursor(), first.createdAt(),
                first.finishedAt()));

        // when / then
        assertThat(new Run(2, false, java.util.Map.of(), pass).singleRun(DiffPassSteps.of(plan).size())).isFalse();
    }

    @Test
    void shouldNotBeASingleRun_whenTheLastStepIsStillRunning() {
        // given one job per step so far, the last one still in progress; and a pass only half-way through
        List<Step> steps = DiffPassSteps.of(plan);
        List<JobStatus> statuses = new ArrayList<>(java.util.Collections.nCopies(steps.size() - 1, JobStatus.CONTINUED));
        statuses.add(JobStatus.IN_PROGRESS);
        List<Job> lastRunning = passOf(2, T0, steps, statuses);
        List<Job> halfWay = singleRunPass(2, T0).subList(0, 4);

        // when / then
        assertThat(new Run(2, false, java.util.Map.of(), lastRunning).singleRun(DiffPassSteps.of(plan).size())).isFalse();
        assertThat(new Run(2, false, java.util.Map.of(), halfWay).singleRun(DiffPassSteps.of(plan).size())).isFalse();
    }

    // ---- anchor ---------------------------------------------------------------------------------

    List<Job> firstPassDone(Instant began, Instant lastFinish) {
        // fan-out: one chain per type; issues needed a continuation
        return List.of(
                done("projects#0", "projects", began.plusSeconds(1), began.plusSeconds(20)),
                job("issues#0", "issues", JobStatus.CONTINUED, Cursor.ofNumber("500"), began, began.plusSeconds(30)),
                done("issues#1", "issues", began.plusSeconds(30), lastFinish),
                done("labels#0", "labels", began.plusSeconds(2), began.plusSeconds(3)),
                done("comments#0", "comments", began.plusSeconds(3), began.plusSeconds(40)));
    }

    @Test
    void shouldHaveNoAnchor_whileThePreviousPassRuns() {
        // given pass 1 with one chain still in progress
        List<Job> running = new ArrayList<>(firstPassDone(T0, T0.plusSeconds(50)));
        running.set(2, job("issues#1", "issues", JobStatus.IN_PROGRESS, Cursor.ofNumber("500"), T0.plusSeconds(30), null));

        // when / then
        assertThat(Runs.of(plan, running).nextPassAnchor(2)).isEmpty();
        assertThat(Runs.of(plan, List.of()).nextPassAnchor(2)).as("no previous pass at all").isEmpty();
    }

    @Test
    void shouldHaveNoAnchor_whileALiveJobOfThePreviousPassHasFailed() {
        // given pass 2 whose live job FAILED (the checker will restart it)
        List<Job> jobs = new ArrayList<>(firstPassDone(T0, T0.plusSeconds(50)));
        jobs.add(job("*@2#0", "comments", JobStatus.FAILED, phase(ChangePhase.CHANGES), T0.plusSeconds(60),
                T0.plusSeconds(61)));

        // when / then
        assertThat(Runs.of(plan, jobs).nextPassAnchor(3)).isEmpty();
    }

    @Test
    void shouldAnchorAtTheLastFinish_whenThePreviousPassTookLongerThanTheInterval() {
        // given pass 1 that began at T0 and finished 15 minutes later (interval 10 minutes)
        Instant lastFinish = T0.plus(Duration.ofMinutes(15));
        List<Job> jobs = firstPassDone(T0, lastFinish);

        // when / then pass 2 may start as soon as pass 1 finished
        assertThat(Runs.of(plan, jobs).nextPassAnchor(2)).contains(lastFinish);
    }

    @Test
    void shouldAnchorAtBeganPlusInterval_whenThePreviousPassWasQuick() {
        // given pass 1 that began at T0 and finished after 50 seconds
        List<Job> jobs = firstPassDone(T0, T0.plusSeconds(50));

        // when / then pass 2 waits until 10 minutes after pass 1 began (its earliest createdAt)
        assertThat(Runs.of(plan, jobs).nextPassAnchor(2)).contains(T0.plus(INTERVAL));
    }

    @Test
    void shouldAnchorTheThirdPass_onTheSecondAlone() {
        // given pass 1 long ago, and pass 2 done in a single run starting an hour later
        Instant secondBegan = T0.plus(Duration.ofHours(1));
        List<Job> jobs = new ArrayList<>(firstPassDone(T0, T0.plusSeconds(50)));
        jobs.addAll(singleRunPass(2, secondBegan));
        // and a reverse job that must not count
        jobs.add(job("~issues@2#0", "issues", JobStatus.PENDING, null, T0.plus(Duration.ofDays(1)), null));

        // when / then
        assertThat(Runs.of(plan, jobs).nextPassAnchor(3)).contains(secondBegan.plus(INTERVAL));
    }

    // ---- start cursor ---------------------------------------------------------------------------

    @Test
    void shouldStartFromNothing_inTheFirstPass() {
        // given no jobs yet
        // when / then every first-pass step copies everything
        for (Step step : DiffPassSteps.of(plan)) {
            assertThat(Runs.of(plan, List.of()).startCursor(1, step)).as(step.toString()).isNull();
        }
    }

    @Test
    void shouldStartFromNothing_forATypeWithoutAFeed_inLaterPasses() {
        // given pass 1 done
        List<Job> jobs = firstPassDone(T0, T0.plusSeconds(50));

        // when / then labels (no feed) is copied in full again
        assertThat(Runs.of(plan, jobs).startCursor(2, new Step(LABELS, ChangePhase.CHANGES))).isNull();
    }

    @Test
    void shouldStartTheWindowOverlapBeforeThePreviousPassBegan() {
        // given pass 1 whose earliest job was created at T0 + 0.123456789 s (later jobs after it)
        Instant began = T0.plusNanos(123_456_789);
        List<Job> jobs = new ArrayList<>(firstPassDone(began, began.plusSeconds(50)));
        // a reverse job created earlier must not move the window
        jobs.add(job("~issues#0", "issues", JobStatus.DONE, null, T0.minus(Duration.ofDays(1)), T0));

        // when
        Cursor changes = Runs.of(plan, jobs).startCursor(2, new Step(ISSUES, ChangePhase.CHANGES));
        Cursor deletions = Runs.of(plan, jobs).startCursor(2, new Step(PROJECTS, ChangePhase.DELETIONS));

        // then from = began - overlap (to the millisecond), no upper bound, at the start of the step's feed
        LocalDateTime from = LocalDateTime.of(2026, 3, 1, 9, 59, 30, 123_000_000);
        assertThat(ChangeCursor.of(ISSUES, changes)).isEqualTo(new ChangeCursor(ChangePhase.CHANGES, from, null, null, null));
        assertThat(ChangeCursor.of(PROJECTS, deletions))
                .isEqualTo(new ChangeCursor(ChangePhase.DELETIONS, from, null, null, null));
    }

    @Test
    void shouldStartTheThirdPasssWindow_fromTheSecondPasssBeginning() {
        // given passes 1 and 2 done, pass 2 began an hour after pass 1
        Instant secondBegan = T0.plus(Duration.ofHours(1));
        List<Job> jobs = new ArrayList<>(firstPassDone(T0, T0.plusSeconds(50)));
        jobs.addAll(singleRunPass(2, secondBegan));

        // when
        Cursor start = Runs.of(plan, jobs).startCursor(3, DiffPassSteps.first(plan));

        // then
        assertThat(ChangeCursor.of(COMMENTS, start).from()).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 59, 30));
        assertThat(ChangeCursor.of(COMMENTS, start).until()).isNull();
    }
}
