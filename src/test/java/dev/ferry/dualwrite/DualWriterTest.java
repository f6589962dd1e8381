package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DualWriterTest {
    private static final String INSTALLATION = "acme-1";
    private static final PrimaryKeyValues ISSUE_7 = PrimaryKeyValues.of("id", 7L);

    private final MapSide primary = new MapSide("remote");
    private final MapSide mirror = new MapSide("tidb");
    private final InMemoryMirrorFailureLog failures = new InMemoryMirrorFailureLog();
    private final ManualClock clock = ManualClock.startingAt("2025-03-01T10:00:00Z");
    private final DualWriter writer = DualWriter.sequential(primary, mirror, failures).withClock(clock);

    private static Write upsertIssue7(String title) {
        return Write.upsert(INSTALLATION, "issues", ISSUE_7, Map.of("title", title));
    }

    @Test
    void shouldWriteBothSides_whenBothSucceed() {
        // when an upsert and then a delete of another row go through the writer
        MirrorOutcome outcome = writer.write(upsertIssue7("first"));
        writer.write(Write.upsert(INSTALLATION, "issues", PrimaryKeyValues.of("id", 8L), Map.of("title", "gone soon")));
        writer.write(Write.delete(INSTALLATION, "issues", PrimaryKeyValues.of("id", 8L)));

        // then both sides hold the same rows, and nothing is pending
        assertThat(outcome).isEqualTo(MirrorOutcome.MIRRORED);
        assertThat(primary.row(INSTALLATION, "issues", ISSUE_7)).contains(Map.of("id", 7L, "title", "first"));
        assertThat(mirror.row(INSTALLATION, "issues", ISSUE_7)).contains(Map.of("id", 7L, "title", "first"));
        assertThat(mirror.row(INSTALLATION, "issues", PrimaryKeyValues.of("id", 8L))).isEmpty();
        assertThat(mirror.size()).isEqualTo(1);
        assertThat(failures.pendingCount()).isZero();
    }

    @Test
    void shouldNotWriteMirror_whenPrimaryFails() {
        // given a primary that is down
        primary.failWith(() -> new IllegalStateException("remote returned 503"));

        // when writing, then the primary's exception propagates unchanged
        assertThatThrownBy(() -> writer.write(upsertIssue7("lost")))
                .isInstanceOf(IllegalStateException.class).hasMessage("remote returned 503");

        // and the mirror was not touched, nor the failure log
        assertThat(mirror.applied()).isZero();
        assertThat(mirror.size()).isZero();
        assertThat(failures.pendingCount()).isZero();
    }

    @Test
    void shouldRecordFailureAndSucceed_whenMirrorFails() {
        // given a mirror that fails with a message quoting the row's value
        mirror.failWith(() -> new IllegalStateException("cannot store title 'top secret plan'"));

        // when writing
        MirrorOutcome outcome = writer.write(upsertIssue7("top secret plan"));

        // then the call succeeds, the primary has the row
        assertThat(outcome).isEqualTo(MirrorOutcome.MIRROR_FAILED_RECORDED);
        assertThat(primary.row(INSTALLATION, "issues", ISSUE_7)).isPresent();

        // and one pending entry describes the failure without the value
        assertThat(failures.all()).singleElement().satisfies(entry -> {
            assertThat(entry.installationId()).isEqualTo(INSTALLATION);
            assertThat(entry.dataType()).isEqualTo("issues");
            assertThat(entry.keyText()).isEqualTo("id=7");
            assertThat(entry.key()).isEqualTo(ISSUE_7);
            assertThat(entry.operation()).isEqualTo(Operation.UPSERT);
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.errorCode()).isEqualTo("IllegalStateException");
            assertThat(entry.errorMessage()).doesNotContain("secret");
            assertThat(entry.firstFailedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
            assertThat(entry.lastFailedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        });
    }

    @Test
    void shouldRecordSideExceptionCodeAndMessage_whenMirrorThrowsOne() {
        // given a mirror whose adapter describes its failure safely
        mirror.failWith(() -> new SideException("SQL1146", "tidb: upsert into issues: table does not exist"));

        // when writing a delete
        writer.write(Write.delete(INSTALLATION, "issues", ISSUE_7));

        // then the code and message are recorded as given, with the delete operation
        assertThat(failures.all()).singleElement().satisfies(entry -> {
            assertThat(entry.operation()).isEqualTo(Operation.DELETE);
            assertThat(entry.errorCode()).isEqualTo("SQL1146");
            assertThat(entry.errorMessage()).isEqualTo("tidb: upsert into issues: table does not exist");
        });
    }

    @Test
    void shouldKeepOnePendingEntry_whenSameKeyFailsTwice() {
        // given a mirror that is down
        mirror.failWith(() -> new SideException("SQL2003", "cannot connect"));

        // when the same row is written twice, then deleted, a minute apart
        writer.write(upsertIssue7("one"));
        clock.advance(Duration.ofMinutes(1));
        writer.write(upsertIssue7("two"));
        clock.advance(Duration.ofMinutes(1));
        writer.write(Write.delete(INSTALLATION, "issues", PrimaryKeyValues.of("id", 7))); // an int: the same key

        // then there is one pending entry with three attempts and the last operation
        assertThat(failures.pendingCount()).isEqualTo(1);
        assertThat(failures.all()).singleElement().satisfies(entry -> {
            assertThat(entry.attempts()).isEqualTo(3);
            assertThat(entry.operation()).isEqualTo(Operation.DELETE);
            assertThat(entry.firstFailedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
            assertThat(entry.lastFailedAt()).isEqualTo(Instant.parse("2025-03-01T10:02:00Z"));
        });
    }

    @Test
    void shouldThrowNotRecorded_whenMirrorAndFailureLogBothFail() {
        // given a mirror that is down and a failure log that is down too
        mirror.failWith(() -> new IllegalStateException("down"));
        DualWriter writer = DualWriter.sequential(primary, mirror, new DownLog());

        // when writing, then the caller learns that the divergence is unrecorded
        assertThatThrownBy(() -> writer.write(upsertIssue7("x")))
                .isInstanceOfSatisfying(MirrorFailureNotRecordedException.class, e -> {
                    assertThat(e.logErrorCode()).isEqualTo("SQL2013");
                    assertThat(e.failure().key()).isEqualTo(ISSUE_7);
                    assertThat(e.getMessage()).contains(INSTALLATION, "issues").doesNotContain("id=7");
                });
        // and the primary has the write
        assertThat(primary.row(INSTALLATION, "issues", ISSUE_7)).isPresent();
    }

    @Test
    void shouldMirrorOnTheExecutor_whenAsynchronous() throws Exception {
        // given an asynchronous writer on a real single-thread executor
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            DualWriter async = DualWriter.asynchronous(primary, mirror, failures, executor);
            assertThat(async.isAsynchronous()).isTrue();

            // when writing rows
            for (long id = 1; id <= 50; id++) {
                assertThat(async.write(Write.upsert(INSTALLATION, "issues", PrimaryKeyValues.of("id", id), Map.of("n", id))))
                        .isEqualTo(MirrorOutcome.MIRROR_SCHEDULED);
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            // then the mirror ends with every row
            assertThat(mirror.size()).isEqualTo(50);
            assertThat(mirror.row(INSTALLATION, "issues", PrimaryKeyValues.of("id", 50L))).contains(Map.of("id", 50L, "n", 50L));
            assertThat(failures.pendingCount()).isZero();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldReturnBeforeMirroring_andRecordLater_whenAsynchronousMirrorFails() {
        // given an executor that runs tasks only when the test says so
        Queue<Runnable> tasks = new ArrayDeque<>();
        DualWriter async = DualWriter.asynchronous(primary, mirror, failures, tasks::add).withClock(clock);
        mirror.failWith(() -> new IllegalStateException("down"));

        // when writing
        MirrorOutcome outcome = async.write(upsertIssue7("async"));

        // then the primary is written and the mirror write waits on the executor
        assertThat(outcome).isEqualTo(MirrorOutcome.MIRROR_SCHEDULED);
        assertThat(primary.row(INSTALLATION, "issues", ISSUE_7)).isPresent();
        assertThat(tasks).hasSize(1);
        assertThat(failures.pendingCount()).isZero();

        // when the executor runs the task, then its failure is recorded
        tasks.poll().run();
        assertThat(failures.all()).singleElement()
                .satisfies(entry -> assertThat(entry.errorCode()).isEqualTo("IllegalStateException"));
    }

    @Test
    void shouldRecordFailure_whenExecutorRejectsTheMirrorTask() {
        // given an executor that is shut down
        DualWriter async = DualWriter.asynchronous(primary, mirror, failures, task -> {
            throw new RejectedExecutionException("queue full");
        });

        // when writing, then the call succeeds and the rejection is pending repair
        assertThat(async.write(upsertIssue7("x"))).isEqualTo(MirrorOutcome.MIRROR_FAILED_RECORDED);
        assertThat(mirror.applied()).isZero();
        assertThat(failures.all()).singleElement()
                .satisfies(entry -> assertThat(entry.errorCode()).isEqualTo("RejectedExecutionException"));
    }

    /** A failure log whose database is unreachable. */
    private static final class DownLog implements MirrorFailureLog {
        @Override
        public void record(MirrorFailure failure) {
            throw new SideException("SQL2013", "failure log: lost connection");
        }

        @Override
        public java.util.List<PendingFailure> pending(int limit) {
            throw new SideException("SQL2013", "failure log: lost connection");
        }

        @Override
        public boolean markRepaired(PendingFailure entry) {
            throw new SideException("SQL2013", "failure log: lost connection");
        }

        @Override
        public void recordRepairFailure(PendingFailure entry, String errorCode, String errorMessage, Instant at) {
            throw new SideException("SQL2013", "failure log: lost connection");
        }

        @Override
        public long pendingCount() {
            throw new SideException("SQL2013", "failure log: lost connection");
        }
    }
}
