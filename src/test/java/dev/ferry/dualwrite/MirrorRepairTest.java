package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MirrorRepairTest {
    private static final String INSTALLATION = "acme-1";

    private final MapSide primary = new MapSide("remote");
    private final MapSide mirror = new MapSide("tidb");
    private final InMemoryMirrorFailureLog failures = new InMemoryMirrorFailureLog();
    private final ManualClock clock = ManualClock.startingAt("2025-03-01T10:00:00Z");
    private final DualWriter writer = DualWriter.sequential(primary, mirror, failures).withClock(clock);
    private final MirrorRepair repair = new MirrorRepair(primary, mirror, failures, clock);

    private static PrimaryKeyValues issue(long id) {
        return PrimaryKeyValues.of("id", id);
    }

    private static Write upsert(long id, String title) {
        return Write.upsert(INSTALLATION, "issues", issue(id), Map.of("title", title));
    }

    @Test
    void shouldRepairFromPrimaryCurrentState_whenMirrorComesBack() {
        // given rows 1..3 on both sides
        for (long id = 1; id <= 3; id++) {
            writer.write(upsert(id, "v1"));
        }
        // and a mirror outage during which row 1 is updated, row 2 updated, row 3 deleted, row 4 created
        mirror.failWith(() -> new IllegalStateException("down"));
        writer.write(upsert(1, "v2"));
        writer.write(upsert(2, "v2"));
        writer.write(Write.delete(INSTALLATION, "issues", issue(3)));
        writer.write(upsert(4, "v1"));
        // and after the failed writes the primary changes again outside the writer: row 1 updated, row 2 deleted
        primary.put(INSTALLATION, "issues", issue(1), Map.of("title", "v3"));
        primary.remove(INSTALLATION, "issues", issue(2));
        assertThat(failures.pendingCount()).isEqualTo(4);

        // when the mirror comes back and repair runs
        mirror.recover();
        RepairReport report = repair.repairBatch(100);

        // then the mirror holds the primary's current state, not the failed writes
        assertThat(report).isEqualTo(new RepairReport(4, 4, 0, 0));
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).contains(Map.of("id", 1L, "title", "v3"));
        assertThat(mirror.row(INSTALLATION, "issues", issue(2))).isEmpty();
        assertThat(mirror.row(INSTALLATION, "issues", issue(3))).isEmpty();
        assertThat(mirror.row(INSTALLATION, "issues", issue(4))).contains(Map.of("id", 4L, "title", "v1"));
        assertThat(mirror.size()).isEqualTo(primary.size()).isEqualTo(2);
        // and nothing is pending; a second run finds nothing to do
        assertThat(failures.pendingCount()).isZero();
        assertThat(repair.repairBatch(100)).isEqualTo(new RepairReport(0, 0, 0, 0));
    }

    @Test
    void shouldKeepFailurePending_whenRepairFailsAgain() {
        // given a pending entry from a mirror outage
        mirror.failWith(() -> new IllegalStateException("down"));
        writer.write(upsert(1, "v1"));

        // when repair runs while the mirror is still down, with a new error
        clock.advance(Duration.ofMinutes(5));
        mirror.failWith(() -> new SideException("SQL1205", "tidb: upsert into issues: lock wait timeout"));
        RepairReport report = repair.repairBatch(10);

        // then the entry stays pending with attempts + 1 and the new error and time
        assertThat(report).isEqualTo(new RepairReport(1, 0, 1, 0));
        assertThat(failures.all()).singleElement().satisfies(entry -> {
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.errorCode()).isEqualTo("SQL1205");
            assertThat(entry.lastFailedAt()).isEqualTo(Instant.parse("2025-03-01T10:05:00Z"));
        });
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).isEmpty();

        // and when the mirror is back, the next run repairs it
        mirror.recover();
        assertThat(repair.repairBatch(10).repaired()).isEqualTo(1);
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).contains(Map.of("id", 1L, "title", "v1"));
    }

    @Test
    void shouldKeepFailurePending_whenPrimaryCannotBeRead() {
        // given a pending entry, and a primary that is now down
        mirror.failWith(() -> new IllegalStateException("down"));
        writer.write(upsert(1, "v1"));
        mirror.recover();
        primary.failWith(() -> new IllegalStateException("remote 503"));

        // when repairing, then nothing is written to the mirror and the entry stays pending
        assertThat(repair.repairBatch(10).failed()).isEqualTo(1);
        assertThat(mirror.applied()).isZero();
        assertThat(failures.all()).singleElement().satisfies(entry -> assertThat(entry.attempts()).isEqualTo(2));
    }

    @Test
    void shouldRepairAtMostTheBatch_leastRecentlyFailedFirst() {
        // given five failed rows a minute apart, the mirror back up
        mirror.failWith(() -> new IllegalStateException("down"));
        for (long id = 1; id <= 5; id++) {
            writer.write(upsert(id, "v"));
            clock.advance(Duration.ofMinutes(1));
        }
        mirror.recover();

        // when repairing a batch of two
        RepairReport report = repair.repairBatch(2);

        // then the two oldest are repaired and three stay pending
        assertThat(report).isEqualTo(new RepairReport(2, 2, 0, 0));
        assertThat(report.exhausted(2)).isFalse();
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).isPresent();
        assertThat(mirror.row(INSTALLATION, "issues", issue(2))).isPresent();
        assertThat(mirror.row(INSTALLATION, "issues", issue(3))).isEmpty();
        assertThat(failures.pendingCount()).isEqualTo(3);
    }

    @Test
    void shouldKeepEntryPending_whenSameKeyFailsAgainDuringRepair() {
        // given a pending entry for row 1
        mirror.failWith(() -> new IllegalStateException("down"));
        writer.write(upsert(1, "v1"));
        mirror.recover();
        // and a mirror on which, while repair copies row 1, the app's next mirror write of row 1 fails
        Side racingMirror = new Side() {
            @Override
            public String name() {
                return "tidb";
            }

            @Override
            public void apply(Write write) {
                mirror.apply(write);
                failures.record(MirrorFailure.of(upsert(1, "v1"), new IllegalStateException("blip"), clock.instant()));
            }
        };

        // when repair runs
        RepairReport report = new MirrorRepair(primary, racingMirror, failures, clock).repairBatch(10);

        // then the entry is not deleted (it was recorded again meanwhile) and counts as superseded
        assertThat(report).isEqualTo(new RepairReport(1, 0, 0, 1));
        assertThat(failures.all()).singleElement().satisfies(entry -> assertThat(entry.attempts()).isEqualTo(2));
        // and the next run repairs it
        assertThat(repair.repairBatch(10).repaired()).isEqualTo(1);
        assertThat(failures.pendingCount()).isZero();
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).contains(Map.of("id", 1L, "title", "v1"));
    }

    @Test
    void shouldKeepEntryPending_whenPrimaryChangesDuringRepair() {
        // given a pending entry for row 1
        mirror.failWith(() -> new IllegalStateException("down"));
        writer.write(upsert(1, "v1"));
        mirror.recover();
        // and a primary reader that sees the row change between repair's two reads
        AtomicInteger reads = new AtomicInteger();
        PrimaryReader changing = (installation, dataType, key) -> {
            Optional<Map<String, Object>> row = primary.read(installation, dataType, key);
            if (reads.incrementAndGet() == 1) {
                primary.put(INSTALLATION, "issues", issue(1), Map.of("title", "v2")); // the app, on both sides
                mirror.put(INSTALLATION, "issues", issue(1), Map.of("title", "v2"));
            }
            return row;
        };

        // when repair runs
        RepairReport report = new MirrorRepair(changing, mirror, failures, clock).repairBatch(10);

        // then the entry stays pending, although repair overwrote the mirror with the older state
        assertThat(report.failed()).isEqualTo(1);
        assertThat(failures.all()).singleElement()
                .satisfies(entry -> assertThat(entry.errorCode()).isEqualTo(MirrorRepair.PRIMARY_CHANGED));
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).contains(Map.of("id", 1L, "title", "v1"));
        // and the next run restores the current state
        assertThat(repair.repairBatch(10).repaired()).isEqualTo(1);
        assertThat(mirror.row(INSTALLATION, "issues", issue(1))).contains(Map.of("id", 1L, "title", "v2"));
    }

    @Test
    void shouldKeepEntryPending_whenItsKeyTextIsUnreadable() {
        // given a log whose entry was edited by hand into something that is not a key text
        MirrorFailureLog edited = new InMemoryMirrorFailureLogWithBadKey();

        // when repairing, then the entry stays pending with a BAD_KEY_TEXT error
        RepairReport report = new MirrorRepair(primary, mirror, edited, clock).repairBatch(10);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(((InMemoryMirrorFailureLogWithBadKey) edited).lastErrorCode).isEqualTo(MirrorRepair.BAD_KEY_TEXT);
        assertThat(mirror.applied()).isZero();
    }

    /** One pending entry whose key text cannot be parsed. */
    private static final class InMemoryMirrorFailureLogWithBadKey implements MirrorFailureLog {
        String lastErrorCode;

        @Override
        public void record(MirrorFailure failure) {
        }

        @Override
        public java.util.List<PendingFailure> pending(int limit) {
            Instant t = Instant.parse("2025-03-01T10:00:00Z");
            return java.util.List.of(new PendingFailure(1, 1, INSTALLATION, "issues", "id=oops", Operation.UPSERT, 1,
                    "X", "x", t, t));
        }

        @Override
        public boolean markRepaired(PendingFailure entry) {
            throw new AssertionError("must not be marked repaired");
        }

        @Override
        public void recordRepairFailure(PendingFailure entry, String errorCode, String errorMessage, Instant at) {
            lastErrorCode = errorCode;
        }

        @Override
        public long pendingCount() {
            return 1;
        }
    }
}
