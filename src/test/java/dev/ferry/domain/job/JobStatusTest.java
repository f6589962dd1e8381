package dev.ferry.domain.job;

import static dev.ferry.domain.job.JobStatus.CONTINUED;
import static dev.ferry.domain.job.JobStatus.DONE;
import static dev.ferry.domain.job.JobStatus.FAILED;
import static dev.ferry.domain.job.JobStatus.IN_PROGRESS;
import static dev.ferry.domain.job.JobStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusTest {

    /** The full N×N transition matrix: every (from, to) pair once, with whether the move is allowed. */
    private static final List<Arguments> MATRIX = List.of(
            Arguments.of(PENDING, PENDING, false),
            Arguments.of(PENDING, IN_PROGRESS, true),
            Arguments.of(PENDING, CONTINUED, false),
            Arguments.of(PENDING, DONE, false),
            Arguments.of(PENDING, FAILED, true),

            Arguments.of(IN_PROGRESS, PENDING, true),
            Arguments.of(IN_PROGRESS, IN_PROGRESS, true),
            Arguments.of(IN_PROGRESS, CONTINUED, true),
            Arguments.of(IN_PROGRESS, DONE, true),
            Arguments.of(IN_PROGRESS, FAILED, true),

            Arguments.of(CONTINUED, PENDING, false),
            Arguments.of(CONTINUED, IN_PROGRESS, false),
            Arguments.of(CONTINUED, CONTINUED, false),
            Arguments.of(CONTINUED, DONE, false),
            Arguments.of(CONTINUED, FAILED, false),

            Arguments.of(DONE, PENDING, false),
            Arguments.of(DONE, IN_PROGRESS, false),
            Arguments.of(DONE, CONTINUED, false),
            Arguments.of(DONE, DONE, false),
            Arguments.of(DONE, FAILED, false),

            Arguments.of(FAILED, PENDING, false),
            Arguments.of(FAILED, IN_PROGRESS, false),
            Arguments.of(FAILED, CONTINUED, false),
            Arguments.of(FAILED, DONE, false),
            Arguments.of(FAILED, FAILED, false));

    static Stream<Arguments> transitions() {
        return MATRIX.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("transitions")
    void shouldAllowExactlyTheDesignedTransitions(JobStatus from, JobStatus to, boolean allowed) {
        // given a job in status 'from'
        // when asking whether it may move to 'to'
        boolean canMove = from.canMoveTo(to);

        // then the answer matches the matrix, and allowedNext agrees with canMoveTo
        assertThat(canMove).isEqualTo(allowed);
        assertThat(from.allowedNext().contains(to)).isEqualTo(allowed);
    }

    @Test
    void shouldListEveryPairOfStatusesExactlyOnce_inTheMatrix() {
        // given the matrix above
        Set<List<Object>> pairs = new HashSet<>();
        for (Arguments row : MATRIX) {
            pairs.add(List.of(row.get()[0], row.get()[1]));
        }

        // when comparing it with all N×N pairs of the enum
        int n = JobStatus.values().length;

        // then no pair is missing or repeated (a new status forces the matrix to be extended)
        assertThat(MATRIX).hasSize(n * n);
        assertThat(pairs).hasSize(n * n);
    }

    @ParameterizedTest(name = "{0} final: {1}")
    @CsvSource({
            "PENDING, false",
            "IN_PROGRESS, false",
            "CONTINUED, true",
            "DONE, true",
            "FAILED, true"})
    void shouldBeFinal_exactlyWhenNoMoveLeadsOut(JobStatus status, boolean expectedFinal) {
        // given a status
        // when asking whether it is final
        boolean isFinal = status.isFinal();

        // then only CONTINUED, DONE and FAILED are final, and a final status has no next status
        assertThat(isFinal).isEqualTo(expectedFinal);
        assertThat(status.allowedNext().isEmpty()).isEqualTo(expectedFinal);
    }

    @Test
    void shouldNotLetACallerAlterTheTransitionRules_throughAllowedNext() {
        // given the set of statuses PENDING may move to
        Set<JobStatus> next = PENDING.allowedNext();

        // when a caller modifies that set (if it is modifiable at all)
        catchThrowable(() -> next.add(DONE));

        // then the rules themselves are unchanged
        assertThat(PENDING.canMoveTo(DONE)).isFalse();
        assertThat(PENDING.allowedNext()).containsExactlyInAnyOrder(IN_PROGRESS, FAILED);
    }
}
