package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.sync.Tombstone;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.InMemoryRemote;
import dev.ferry.testing.ManualClock;
import dev.ferry.testing.RecordingRowSink;
import dev.ferry.testing.RecordingWorkQueue;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One diff-pass step through the change and deletions feeds, against a scripted remote. */
class ChangeFeedMoverTest {
    static final InstallationId ACME = InstallationId.of("acme");
    static final DataType ISSUES = new DataType("issues", "issues", "issues",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("title", ColumnType.STRING),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("id"), 3, 1, new ChangeFeed("updated_at", true));
    static final DataType WATCHERS = new DataType("watchers", "watchers", "watchers",
            List.of(Column.of("issue_id", ColumnType.INTEGER), Column.of("user_key", ColumnType.STRING),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("issue_id", "user_key"), 3, 2, new ChangeFeed("updated_at", true));
    static final List<String> ISSUE_HEADERS = List.of("id", "title", "updated_at");

    static final LocalDateTime FROM = LocalDateTime.of(2026, 3, 1, 9, 59, 30);
    static final String T1 = "2026-03-01T10:00:01";
    static final String T2 = "2026-03-01T10:00:02";
    static final String T3 = "2026-03-01T10:00:03";

    final ScriptedChanges remote = new ScriptedChanges();
    final RecordingRowSink sink = new RecordingRowSink();
    final AtomicInteger fetched = new AtomicInteger();

    /** A remote change feed that answers with scripted pages and remembers what it was asked. */
    static final class ScriptedChanges implements RemoteChanges {
        final Deque<RemotePage> pages = new ArrayDeque<>();
        final List<ChangeCursor> asked = new ArrayList<>();
        final List<String> feeds = new ArrayList<>();
        final List<Integer> limits = new ArrayList<>();

        ScriptedChanges then(RemotePage page) {
            pages.add(page);
            return this;
        }

        @Override
        public RemotePage fetchChanges(InstallationId installation, DataType dataType, ChangeCursor position, int limit) {
            return answer("changes", position, limit);
        }

        @Override
        public RemotePage fetchDeletions(InstallationId installation, DataType dataType, ChangeCursor position,
                                         int limit) {
            return answer("deletions", position, limit);
        }

        private RemotePage answer(String feed, ChangeCursor position, int limit) {
            feeds.add(feed);
            asked.add(position);
            limits.add(limit);
            RemotePage page = pages.poll();
            if (page == null) {
                throw new AssertionError("the remote was asked more often than scripted");
            }
            return page;
        }
    }

    static List<Object> raw(Object... values) {
        return Arrays.asList(values);
    }

    @SafeVarargs
    static RemotePage page(List<String> headers, Cursor afterId, List<Object>... rows) {
        return new RemotePage(headers, List.of(rows), afterId);
    }

    ChangeFeedMover mover(DataType type) {
        return new ChangeFeedMover(ACME, type, remote, sink, fetched::incrementAndGet);
    }

    static Cursor start(ChangePhase phase) {
        return ChangeCursor.start(FROM, null).startOf(phase).toCursor();
    }

    static void assertCode(Throwable e, ErrorCode code) {
        assertThat(e).isInstanceOf(FerryException.class);
        assertThat(((FerryException) e).code()).isEqualTo(code);
    }

    // ---- refusals -------------------------------------------------------------------------------

    @Test
    void shouldRefuseThePage_whenRowsAreOutOfTimeOrder() {
        // given a changes page whose second row is older than its first
        remote.then(page(ISSUE_HEADERS, Cursor.ofString("more"),
                raw(1, "a", T2), raw(2, "b", T1), raw(3, "c", T3)));
        ChangeFeedMover mover = mover(ISSUES);

        // when / then the page is refused as malformed, and nothing reaches the destination
        assertThatThrownBy(() -> mover.read(start(ChangePhase.CHANGES), 3))
                .satisfies(e -> assertCode(e, ErrorCode.REMOTE_MALFORMED_RESPONSE))
                .hasMessageContaining("issues");
        assertThat(sink.rowsWritten()).isZero();
        assertThat(sink.rows("acme", "issues")).isEmpty();
    }

    @Test
    void shouldRefuseThePage_whenEqualTimestampsAreOutOfKeyOrder() {
        // given three rows sharing a timestamp, keys 5, 3, 7
        remote.then(page(ISSUE_HEADERS, null, raw(5, "a", T1), raw(3, "b", T1), raw(7, "c", T1)));

        // when / then
        assertThatThrownBy(() -> mover(ISSUES).read(start(ChangePhase.CHANGES), 3))
                .satisfies(e -> assertCode(e, ErrorCode.REMOTE_MALFORMED_RESPONSE));
        assertThat(sink.rowsWritten()).isZero();
    }

    @Test
    void shouldRefuseThePage_whenARowRepeats() {
        // given the same (time, key) twice on one page
        remote.then(page(ISSUE_HEADERS, null, raw(1, "a", T1), raw(1, "a", T1)));

        // when / then
        assertThatThrownBy(() -> mover(ISSUES).read(start(ChangePhase.CHANGES), 3))
                .satisfies(e -> assertCode(e, ErrorCode.DUPLICATE_KEY_IN_PAGE));
    }

    @Test
    void shouldRefuseThePage_whenARowLiesBeforeTheWindowsFrom() {
        // given a window from 09:59:30 and a row changed at 09:59:29.999
        remote.then(page(ISSUE_HEADERS, null, raw(1, "a", "2026-03-01T09:59:29.999"), raw(2, "b", T1)));

        // when / then
        assertThatThrownBy(() -> mover(ISSUES).read(start(ChangePhase.CHANGES), 3))
                .satisfies(e -> assertCode(e, ErrorCode.REMOTE_MALFORMED_RESPONSE))
                .hasMessageContaining("window");
        assertThat(sink.rowsWritten()).isZero();
    }

    @Test
    void shouldAcceptARow_exactlyAtTheWindowsFrom() {
        // given a row changed exactly at the window's from (inclusive)
        remote.then(page(ISSUE_HEADERS, null, raw(1, "a", "2026-03-01T09:59:30")));

        // when
        PageMover.Page page = mover(ISSUES).read(start(ChangePhase.CHANGES), 3);

        // then
        assertThat(page.rows()).hasSize(1);
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shouldRefuseThePage_whenItRepeatsTheLastRowOfThePreviousPage() {
        // given a position after (T2, 2), and a remote that ignored it and sent (T2, 2) again
        Cursor position = ChangeCursor.start(FROM, null).after(LocalDateTime.parse(T2), RowKey.of(2L)).toCursor();
        remote.then(page(ISSUE_HEADERS, null, raw(2, "b", T2), raw(3, "c", T3)));

        // when / then
        assertThatThrownBy(() -> mover(ISSUES).read(position, 3))
                .satisfies(e -> assertCode(e, ErrorCode.REMOTE_MALFORMED_RESPONSE));
    }

    @Test
    void shouldRefuseToLoop_whenAPageSaysMoreFollowButHoldsNoRows() {
        // given a remote that answers "more follow" (a non-null afterId) with no rows
        remote.then(page(ISSUE_HEADERS, Cursor.ofString("more")));

        // when / then Ferry refuses rather than ending the step early (or asking again from the same position)
        assertThatThrownBy(() -> mover(ISSUES).read(start(ChangePhase.CHANGES), 3))
                .satisfies(e -> assertCode(e, ErrorCode.CURSOR_NOT_ADVANCING));
    }

    @Test
    void shouldRefuseAJobCursorThatIsNotAChangeCursor() {
        // given a diff-pass job carrying a full-copy cursor
        // when / then
        assertThatThrownBy(() -> mover(ISSUES).read(Cursor.ofNumber("1200"), 3))
                .satisfies(e -> assertCode(e, ErrorCode.INTERNAL));
        assertThat(remote.asked).isEmpty();
    }

    // ---- changes --------------------------------------------------------------------------------

    @Test
    void shouldAdvanceTheCursorToTheLastRowsTimeAndKey_afterAChangesPage() {
        // given a full page of three rows, two sharing the last timestamp, and more to follow
        remote.then(page(ISSUE_HEADERS, Cursor.ofString("remote-cursor-ignored"),
                raw(9, "a", T1), raw(4, "b", T2), raw(6, "c", T2)));
        Cursor position = start(ChangePhase.CHANGES);

        // when
        PageMover.Page page = mover(ISSUES).read(position, 3);

        // then the rows come in feed order, and the next cursor is Ferry's (T2, 6) in the same window
        assertThat(page.rows()).extracting(r -> r.get(0)).containsExactly(9L, 4L, 6L);
        assertThat(page.tombstones()).isEmpty();
        assertThat(page.isLast()).isFalse();
        assertThat(ChangeCursor.of(ISSUES, page.next())).isEqualTo(
                new ChangeCursor(ChangePhase.CHANGES, FROM, null, LocalDateTime.parse(T2), RowKey.of(6L)));
        // and the remote was asked from the decoded position, once, for the given limit
        assertThat(remote.feeds).containsExactly("changes");
        assertThat(remote.asked).containsExactly(ChangeCursor.start(FROM, null));
        assertThat(remote.limits).containsExactly(3);
        assertThat(fetched).hasValue(1);
    }

    @Test
    void shouldContinueFromTheCursor_onTheNextPage_andEndWhenTheRemoteSaysSo() {
        // given two pages: the second starts past (T2, 6), at the same timestamp, and is the last
        remote.then(page(ISSUE_HEADERS, Cursor.ofString("x"), raw(9, "a", T1), raw(4, "b", T2), raw(6, "c", T2)))
                .then(page(ISSUE_HEADERS, null, raw(7, "d", T2)));
        ChangeFeedMover mover = mover(ISSUES);

        // when
        PageMover.Page first = mover.read(start(ChangePhase.CHANGES), 3);
        mover.write(start(ChangePhase.CHANGES), first);
        PageMover.Page second = mover.read(first.next(), 3);
        mover.write(first.next(), second);

        // then the second request carried the first page's position, the last page has no next, and all rows arrived
        assertThat(remote.asked.get(1)).isEqualTo(ChangeCursor.of(ISSUES, first.next()));
        assertThat(second.isLast()).isTrue();
        assertThat(second.next()).isNull();
        assertThat(sink.rows("acme", "issues")).extracting(r -> r.get(0)).containsExactly(4L, 6L, 7L, 9L);
    }

    @Test
    void shouldEndTheStep_onAnEmptyLastPage() {
        // given no changes at all
        remote.then(page(ISSUE_HEADERS, null));

        // when
        PageMover.Page page = mover(ISSUES).read(start(ChangePhase.CHANGES), 3);

        // then
        assertThat(page.rows()).isEmpty();
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shouldOrderCompositeKeys_whenTimestampsAreEqual() {
        // given watchers sharing one timestamp, ordered by (issue_id, user_key)
        remote.then(page(List.of("issue_id", "user_key", "updated_at"), Cursor.ofString("x"),
                raw(1, "bob", T1), raw(1, "carol", T1), raw(2, "alice", T1)));

        // when
        PageMover.Page page = mover(WATCHERS).read(start(ChangePhase.CHANGES), 3);

        // then
        assertThat(ChangeCursor.of(WATCHERS, page.next()).afterKey()).isEqualTo(RowKey.of(2L, "alice"));
    }

    // ---- deletions ------------------------------------------------------------------------------

    @Test
    void shouldBuildTombstones_fromTheKeyColumnsAndDeletedAt() {
        // given a deletions page for a composite key: [issue_id, user_key, deleted_at], more to follow
        remote.then(page(List.of("issue_id", "user_key", "deleted_at"), Cursor.ofString("x"),
                raw(1, "bob", T1), raw(2, "alice", T2), raw(2, "bob", T2)));

        // when
        PageMover.Page page = mover(WATCHERS).read(start(ChangePhase.DELETIONS), 3);

        // then the page holds tombstones only, and the cursor stays in the deletions phase after the last one
        assertThat(page.rows()).isEmpty();
        assertThat(page.tombstones()).containsExactly(
                new Tombstone(RowKey.of(1L, "bob"), LocalDateTime.parse(T1)),
                new Tombstone(RowKey.of(2L, "alice"), LocalDateTime.parse(T2)),
                new Tombstone(RowKey.of(2L, "bob"), LocalDateTime.parse(T2)));
        assertThat(ChangeCursor.of(WATCHERS, page.next())).isEqualTo(new ChangeCursor(ChangePhase.DELETIONS, FROM, null,
                LocalDateTime.parse(T2), RowKey.of(2L, "bob")));
        assertThat(remote.feeds).containsExactly("deletions");
        assertThat(remote.asked.get(0).phase()).isEqualTo(ChangePhase.DELETIONS);
    }

    @Test
    void shouldReadTombstoneHeaders_inAnyOrder() {
        // given headers listed deleted_at first
        remote.then(page(List.of("deleted_at", "id"), null, raw(T3, 42)));

        // when
        PageMover.Page page = mover(ISSUES).read(start(ChangePhase.DELETIONS), 3);

        // then
        assertThat(page.tombstones()).containsExactly(new Tombstone(RowKey.of(42L), LocalDateTime.parse(T3)));
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shouldRefuseTombstones_outOfOrderOrBeforeTheWindow() {
        // given tombstones out of (deleted_at, key) order, then one before the window
        remote.then(page(List.of("id", "deleted_at"), null, raw(5, T2), raw(4, T2)))
                .then(page(List.of("id", "deleted_at"), null, raw(5, "2026-03-01T09:00:00")));
        ChangeFeedMover mover = mover(ISSUES);

        // when / then
        assertThatThrownBy(() -> mover.read(start(ChangePhase.DELETIONS), 3))
                .satisfies(e -> assertCode(e, ErrorCode.REMOTE_MALFORMED_RESPONSE));
        assertThatThrownBy(() -> mover.read(start(ChangePhase.DELETIONS), 3))
                .satisfies(e -> assertCode(e, ErrorCode.REMOTE_MALFORMED_RESPONSE));
    }

    @Test
    void shouldRefuseToLoop_whenADeletionsPageSaysMoreFollowButHoldsNoRows() {
        // given an empty deletions page with a non-null afterId
        remote.then(page(List.of("id", "deleted_at"), Cursor.ofString("more")));

        // when / then
        assertThatThrownBy(() -> mover(ISSUES).read(start(ChangePhase.DELETIONS), 3))
                .satisfies(e -> assertCode(e, ErrorCode.CURSOR_NOT_ADVANCING));
    }

    @Test
    void shouldApplyTombstones_onlyToRowsNotNewerThanTheDeletion() {
        // given issues 1 (changed at T1) and 2 (changed again at T3, after its deletion) at the destination
        sink.upsert(ACME, ISSUES, List.of(Row.of(1L, "a", LocalDateTime.parse(T1)), Row.of(2L, "b", LocalDateTime.parse(T3))));
        remote.then(page(List.of("id", "deleted_at"), null, raw(1, T2), raw(2, T2), raw(3, T2)));
        ChangeFeedMover mover = mover(ISSUES);

        // when the deletions page is read and written
        PageMover.Page page = mover.read(start(ChangePhase.DELETIONS), 3);
        mover.write(start(ChangePhase.DELETIONS), page);

        // then issue 1 is gone, issue 2 (re-created after its deletion) stays, the missing 3 is ignored
        assertThat(sink.rows("acme", "issues")).extracting(r -> r.get(0)).containsExactly(2L);
    }

    // ---- through the job ------------------------------------------------------------------------

    @Test
    void shouldLeaveTheJobAndDestinationUntouched_whenAChangesPageIsRefused() {
        // given a diff-pass job on issues, and a remote sending rows out of order
        MigrationPlan plan = new MigrationPlan("p", MigrationMode.FAN_OUT, List.of(ISSUES), List.of());
        ManualClock clock = ManualClock.startingAt("2026-03-01T10:05:00Z");
        InMemoryJobStore store = new InMemoryJobStore();
        RecordingWorkQueue queue = new RecordingWorkQueue();
        store.initTracking(ACME, InstallationStatus.IN_PROGRESS, clock.instant());
        JobId id = JobId.first(JobId.chain(JobId.SINGLE_CHAIN, 2, false));
        Cursor start = start(ChangePhase.CHANGES);
        store.insertJob(ACME, Job.pending(id, "issues", start, 0, 0, 0, clock.instant()));
        remote.then(page(ISSUE_HEADERS, Cursor.ofString("more"), raw(1, "a", T2), raw(2, "b", T1)));
        RecordingRowSink readable = new RecordingRowSink();
        InMemoryRemote others = new InMemoryRemote();
        RunTransferJob transfer = new RunTransferJob(plan, dev.ferry.testing.TestCores.ports(store, others, sink, readable,
                readable, new dev.ferry.testing.InMemoryVerificationStore(), (i, s) -> List.of(), queue, clock,
                dev.ferry.domain.fault.Failpoints.NONE).withChanges(remote), new WorkerSettings(100, 0, 1_000));

        // when the job runs
        RunTransferJob.Result result = transfer.run(new TransferJob(ACME, id, "issues", start), "w1", () -> 10_000L);

        // then nothing was written, the job is back to PENDING at its old cursor with one failed attempt
        assertThat(result.outcome()).isInstanceOf(dev.ferry.domain.budget.LoopOutcome.Retrying.class);
        assertThat(sink.rowsWritten()).isZero();
        Job after = store.job(ACME, id).orElseThrow();
        assertThat(after.status()).isEqualTo(JobStatus.PENDING);
        assertThat(after.cursor()).isEqualTo(start);
        assertThat(after.pages()).isZero();
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError().code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE);
        assertThat(store.job(ACME, id.next())).isEmpty();
        assertThat(queue.sent()).containsExactly(new TransferJob(ACME, id, "issues", start)); // for its next attempt
        assertThat(queue.delayOf(queue.sent().get(0))).isPositive();
    }
}
