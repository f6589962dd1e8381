package dev.ferry.domain.job;

import static dev.ferry.domain.job.InstallationStatus.DONE;
import static dev.ferry.domain.job.InstallationStatus.IN_PROGRESS;
import static dev.ferry.domain.job.InstallationStatus.PENDING;
import static dev.ferry.domain.job.InstallationStatus.READY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class InstallationStatusTest {

    /** The full N×N matrix of the tracking row's moves; staying put is not a move. */
    private static final List<Arguments> MATRIX = List.of(
            Arguments.of(PENDING, PENDING, false),
            Arguments.of(PENDING, READY, true),
            Arguments.of(PENDING, IN_PROGRESS, true),
            Arguments.of(PENDING, DONE, true),

            Arguments.of(READY, PENDING, true),
            Arguments.of(READY, READY, false),
            Arguments.of(READY, IN_PROGRESS, true),
            Arguments.of(READY, DONE, true),

            Arguments.of(IN_PROGRESS, PENDING, false),
            Arguments.of(IN_PROGRESS, READY, false),
            Arguments.of(IN_PROGRESS, IN_PROGRESS, false),
            Arguments.of(IN_PROGRESS, DONE, true),

            Arguments.of(DONE, PENDING, false),
            Arguments.of(DONE, READY, false),
            Arguments.of(DONE, IN_PROGRESS, false),
            Arguments.of(DONE, DONE, false));

    static Stream<Arguments> transitions() {
        return MATRIX.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("transitions")
    void shouldAllowExactlyTheDesignedMoves(InstallationStatus from, InstallationStatus to, boolean allowed) {
        // given an installation in status 'from'
        // when asking whether its tracking row may move to 'to'
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
        int n = InstallationStatus.values().length;

        // then no pair is missing or repeated
        assertThat(MATRIX).hasSize(n * n);
        assertThat(pairs).hasSize(n * n);
    }

    @ParameterizedTest
    @EnumSource(InstallationStatus.class)
    void shouldNeverCountStayingPutAsAMove(InstallationStatus status) {
        // given any status
        // when asking whether it may move to itself
        // then it may not
        assertThat(status.canMoveTo(status)).isFalse();
    }

    @Test
    void shouldTreatDoneAsTerminal() {
        // given a finished installation
        // when listing where it may go
        Set<InstallationStatus> next = DONE.allowedNext();

        // then nowhere
        assertThat(next).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
            "PENDING, PENDING",
            "READY, READY",
            "IN_PROGRESS, IN_PROGRESS",
            "DONE, DONE",
            "pending, PENDING",
            "Ready, READY",
            "in_progress, IN_PROGRESS",
            "done, DONE",
            "'  READY  ', READY",
            "COMPLETED, DONE",
            "completed, DONE",
            "Completed, DONE",
            "MIGRATING, IN_PROGRESS",
            "migrating, IN_PROGRESS",
            "' Migrating ', IN_PROGRESS"})
    void shouldParseStatus_inAnyCase_includingTheSeedAliases(String text, InstallationStatus expected) {
        // given a status as a remote may spell it
        // when parsing it
        Optional<InstallationStatus> parsed = InstallationStatus.parse(text);

        // then it maps to the expected status
        assertThat(parsed).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is unknown")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "UNKNOWN", "FAILED", "CONTINUED", "COMPLETE", "IN PROGRESS", "IN-PROGRESS",
            "DONE!", "READY;DROP", "0", "null"})
    void shouldReturnEmpty_forUnknownStatusText(String text) {
        // given text that is not a known status or alias
        // when parsing it
        Optional<InstallationStatus> parsed = InstallationStatus.parse(text);

        // then nothing is recognised (and nothing is thrown)
        assertThat(parsed).isEmpty();
    }
}
