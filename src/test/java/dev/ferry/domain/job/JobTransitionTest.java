package dev.ferry.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The store operations on job rows, one row per transition and status: where each applies, and what it leaves. */
class JobTransitionTest {

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource({
            "CLAIM, PENDING, true", "CLAIM, IN_PROGRESS, true", "CLAIM, CONTINUED, false", "CLAIM, DONE, false", "CLAIM, FAILED, false",
            "SAVE_PROGRESS, PENDING, false", "SAVE_PROGRESS, IN_PROGRESS, true", "SAVE_PROGRESS, CONTINUED, false",
            "SAVE_PROGRESS, DONE, false", "SAVE_PROGRESS, FAILED, false",
            "CONTINUE, PENDING, false", "CONTINUE, IN_PROGRESS, true", "CONTINUE, CONTINUED, false", "CONTINUE, DONE, false",
            "CONTINUE, FAILED, false",
            "COMPLETE, PENDING, false", "COMPLETE, IN_PROGRESS, true", "COMPLETE, CONTINUED, false", "COMPLETE, DONE, false",
            "COMPLETE, FAILED, false",
            "RELEASE, PENDING, false", "RELEASE, IN_PROGRESS, true", "RELEASE, CONTINUED, false", "RELEASE, DONE, false",
            "RELEASE, FAILED, false",
            "FAIL, PENDING, false", "FAIL, IN_PROGRESS, true", "FAIL, CONTINUED, false", "FAIL, DONE, false", "FAIL, FAILED, false",
            "FAIL_EXPIRED, PENDING, false", "FAIL_EXPIRED, IN_PROGRESS, true", "FAIL_EXPIRED, CONTINUED, false",
            "FAIL_EXPIRED, DONE, false", "FAIL_EXPIRED, FAILED, false",
            "REDISPATCH, PENDING, true", "REDISPATCH, IN_PROGRESS, false", "REDISPATCH, CONTINUED, false",
            "REDISPATCH, DONE, false", "REDISPATCH, FAILED, false"})
    void shouldApplyOnlyFromItsStatuses(JobTransition transition, JobStatus from, boolean applies) {
        // given a job in a status
        // when a store asks whether the transition applies
        // then it does exactly from the transition's statuses (final statuses never)
        assertThat(transition.appliesTo(from)).isEqualTo(applies);
    }

    static Stream<Arguments> everyTransitionAndItsStatuses() {
        List<Arguments> rows = new ArrayList<>();
        for (JobTransition t : JobTransition.values()) {
            t.from().forEach(f -> rows.add(Arguments.of(t, f)));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyTransitionAndItsStatuses")
    void shouldOnlyMakeMovesTheStatusEnumAllows(JobTransition transition, JobStatus from) {
        // given a transition and a status it applies from
        // when / then staying put or a move JobStatus allows
        assertThat(from == transition.to() || from.canMoveTo(transition.to())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CONTINUED, CONTINUE", "DONE, COMPLETE"})
    void shouldEndAJobOnlyAsContinuedOrDone(JobStatus status, JobTransition expected) {
        assertThat(JobTransition.ending(status)).isEqualTo(expected);
        for (JobStatus other : EnumSet.complementOf(EnumSet.of(JobStatus.CONTINUED, JobStatus.DONE))) {
            assertThatThrownBy(() -> JobTransition.ending(other)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"CLAIM | `status` IN ('IN_PROGRESS', 'PENDING')",
            "RELEASE | `status` IN ('IN_PROGRESS')", "REDISPATCH | `status` IN ('PENDING')"})
    void shouldGiveTheSqlConditionTheMySqlStoreUses(JobTransition transition, String condition) {
        assertThat(transition.statusCondition()).isEqualTo(condition);
    }
}
