package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MirrorFailureLog} promises, as its Javadoc states it. A log's test extends this class and
 * supplies an empty log. Times are whole microseconds (the JDBC log keeps no more).
 */
abstract class MirrorFailureLogContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

    protected MirrorFailureLog log;

    /** A log with no entries. */
    protected abstract MirrorFailureLog emptyLog();

    @BeforeEach
    void freshLog() {
        log = emptyLog();
    }

    private static MirrorFailure failure(String installation, String dataType, PrimaryKeyValues key, Operation operation,
                                         String code, Instant at) {
        return new MirrorFailure(installation, dataType, key, operation, code, "tidb: " + code, at);
    }

    private static MirrorFailure failure(PrimaryKeyValues key, Instant at) {
        return failure("acme-1", "issues", key, Operation.UPSERT, "SQL2003", at);
    }

    @Test
    void shouldCreateOnePendingEntry_whenFailureIsRecorded() {
        // when a failure is recorded
        log.record(failure("acme-1", "issue_watchers", PrimaryKeyValues.of("issue_id", 7, "user_id", "u'1"), Operation.DELETE,
                "SQL1146", T0));

        // then it is pending with every field as recorded
        assertThat(log.pendingCount()).isEqualTo(1);
        assertThat(log.pending(10)).singleElement().satisfies(entry -> {
            assertThat(entry.installationId()).isEqualTo("acme-1");
            assertThat(entry.dataType()).isEqualTo("issue_watchers");
            assertThat(entry.keyText()).isEqualTo("issue_id=7, user_id='u''1'");
            assertThat(entry.key()).isEqualTo(PrimaryKeyValues.of("issue_id", 7L, "user_id", "u'1"));
            assertThat(entry.operation()).isEqualTo(Operation.DELETE);
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.errorCode()).isEqualTo("SQL1146");
            assertThat(entry.errorMessage()).isEqualTo("tidb: SQL1146");
            assertThat(entry.firstFailedAt()).isEqualTo(T0);
            assertThat(entry.lastFailedAt()).isEqualTo(T0);
        });
    }

    @Test
    void shouldKeepOnePendingEntry_whenSameKeyFailsTwice() {
        // given a pending entry
        log.record(failure("acme-1", "issues", PrimaryKeyValues.of("id", 7), Operation.UPSERT, "SQL2003", T0));
        PendingFailure first = log.pending(10).get(0);

        // when the same key fails again with another operation and error
        Instant later = T0.plus(Duration.ofMinutes(3));
        log.record(failure("acme-1", "issues", PrimaryKeyValues.of("id", 7L), Operation.DELETE, "SQL1205", later));

        // then it is still one entry, bumped
        assertThat(log.pendingCount()).isEqualTo(1);
        assertThat(log.pending(10)).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(first.id());
            assertThat(entry.revision()).isGreaterThan(first.revision());
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.operation()).isEqualTo(Operation.DELETE);
            assertThat(entry.errorCode()).isEqualTo("SQL1205");
            assertThat(entry.firstFailedAt()).isEqualTo(T0);
            assertThat(entry.lastFailedAt()).isEqualTo(later);
        });
    }

    @Test
    void shouldKeepSeparateEntries_forDifferentInstallationsDataTypesAndKeys() {
        // when failures differ in installation, data type, key value, or only in the key's letter case
        log.record(failure("acme-1", "issues", PrimaryKeyValues.of("slug", "a"), Operation.UPSERT, "E", T0));
        log.record(failure("acme-2", "issues", PrimaryKeyValues.of("slug", "a"), Operation.UPSERT, "E", T0));
        log.record(failure("acme-1", "projects", PrimaryKeyValues.of("slug", "a"), Operation.UPSERT, "E", T0));
        log.record(failure("acme-1", "issues", PrimaryKeyValues.of("slug", "A"), Operation.UPSERT, "E", T0));
        log.record(failure("acme-1", "issues", PrimaryKeyValues.of("slug", "b"), Operation.UPSERT, "E", T0));

        // then each is an entry of its own
        assertThat(log.pendingCount()).isEqualTo(5);
        assertThat(log.pending(10)).extracting(PendingFailure::attempts).containsOnly(1);
    }

    @Test
    void shouldHandOutLeastRecentlyFailedFirst_upToTheLimit() {
        // given three failures, recorded out of time order
        log.record(failure(PrimaryKeyValues.of("id", 2), T0.plusSeconds(20)));
        log.record(failure(PrimaryKeyValues.of("id", 1), T0.plusSeconds(10)));
        log.record(failure(PrimaryKeyValues.of("id", 3), T0.plusSeconds(30)));

        // when asking for two, then the two oldest come, oldest first
        assertThat(log.pending(2)).extracting(PendingFailure::keyText).containsExactly("id=1", "id=2");
        assertThat(log.pending(10)).hasSize(3);
        assertThatThrownBy(() -> log.pending(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.pending(MirrorFailureLog.MAX_BATCH + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeleteEntry_whenMarkedRepairedUnchanged() {
        // given a pending entry
        log.record(failure(PrimaryKeyValues.of("id", 1), T0));
        PendingFailure entry = log.pending(10).get(0);

        // when marked repaired, then it is gone; marking again is a no-op
        assertThat(log.markRepaired(entry)).isTrue();
        assertThat(log.pendingCount()).isZero();
        assertThat(log.markRepaired(entry)).isFalse();
    }

    @Test
    void shouldKeepEntry_whenRecordedAgainAfterItWasRead() {
        // given an entry read by a repair run
        log.record(failure(PrimaryKeyValues.of("id", 1), T0));
        PendingFailure read = log.pending(10).get(0);

        // when the key fails again before the run marks it repaired
        log.record(failure(PrimaryKeyValues.of("id", 1), T0.plusSeconds(1)));

        // then the entry survives
        assertThat(log.markRepaired(read)).isFalse();
        assertThat(log.pending(10)).singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
    }

    @Test
    void shouldKeepNewEntry_whenAStaleCopyOfTheOldOneIsMarkedRepaired() {
        // given an entry read by two repair runs; the first deletes it, then the key fails again
        log.record(failure(PrimaryKeyValues.of("id", 1), T0));
        PendingFailure stale = log.pending(10).get(0);
        assertThat(log.markRepaired(stale)).isTrue();
        log.record(failure(PrimaryKeyValues.of("id", 1), T0.plusSeconds(1)));

        // when the second run marks its stale copy repaired, then the new entry survives
        assertThat(log.markRepaired(stale)).isFalse();
        assertThat(log.pending(10)).singleElement().satisfies(e -> {
            assertThat(e.id()).isNotEqualTo(stale.id());
            assertThat(e.attempts()).isEqualTo(1);
        });
    }

    @Test
    void shouldBumpAttemptsAndMoveToTheBack_whenRepairFails() {
        // given two entries, id=1 the older
        log.record(failure(PrimaryKeyValues.of("id", 1), T0));
        log.record(failure(PrimaryKeyValues.of("id", 2), T0.plusSeconds(1)));
        PendingFailure oldest = log.pending(1).get(0);

        // when repairing the older one fails
        log.recordRepairFailure(oldest, "SQL1213", "tidb: deadlock", T0.plusSeconds(60));

        // then it has attempts + 1, the new error, and comes after the other one
        List<PendingFailure> pending = log.pending(10);
        assertThat(pending).extracting(PendingFailure::keyText).containsExactly("id=2", "id=1");
        assertThat(pending.get(1)).satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.revision()).isGreaterThan(oldest.revision());
            assertThat(e.operation()).isEqualTo(Operation.UPSERT);
            assertThat(e.errorCode()).isEqualTo("SQL1213");
            assertThat(e.errorMessage()).isEqualTo("tidb: deadlock");
            assertThat(e.firstFailedAt()).isEqualTo(T0);
            assertThat(e.lastFailedAt()).isEqualTo(T0.plusSeconds(60));
        });
        // and a stale copy can no longer be marked repaired
        assertThat(log.markRepaired(oldest)).isFalse();
    }

    @Test
    void shouldIgnoreRepairFailure_ofAnEntryThatIsGone() {
        log.record(failure(PrimaryKeyValues.of("id", 1), T0));
        PendingFailure entry = log.pending(10).get(0);
        log.markRepaired(entry);

        log.recordRepairFailure(entry, "X", "x", T0.plusSeconds(1));

        assertThat(log.pendingCount()).isZero();
    }
}
