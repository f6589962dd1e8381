package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.StatusReport;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The local run's status polling, when listing the installations fails. */
class FleetWatchTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ProgressDisplay display = new ProgressDisplay(new PrintStream(printed, true, StandardCharsets.UTF_8),
            (installation, dataType) -> null, 0);

    private static StatusReport.Fleet done() {
        StatusReport.InstallationState acme = new StatusReport.InstallationState("acme", InstallationStatus.DONE, 5,
                List.of(), List.of(), false, null);
        return new StatusReport.Fleet(List.of(acme), Map.of(InstallationStatus.DONE, 1), 0, 5, 0, 0, false,
                "not verified", "2026-01-01T00:00:00Z");
    }

    /** Answers in turn: a fleet, or a failure to throw. */
    private static Supplier<StatusReport.Fleet> answers(Object... answers) {
        Deque<Object> queue = new ArrayDeque<>(List.of(answers));
        return () -> {
            Object next = queue.size() > 1 ? queue.poll() : queue.peek();
            if (next instanceof FerryException e) {
                throw e;
            }
            return (StatusReport.Fleet) next;
        };
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldShowTheFailureAndPollAgain_whenTheListingFailsRetryably_andEndWithTheFleet() throws Exception {
        // given a remote whose listing fails twice while it restarts, then answers
        FerryException restarting = new FerryException(ErrorCode.REMOTE_UNAVAILABLE, "GET /installations: connection refused");
        FleetWatch watch = new FleetWatch(answers(restarting, restarting, done()), display, Duration.ofMillis(1),
                Duration.ofMinutes(1));

        // when
        FleetWatch.Outcome outcome = watch.until(StatusReport.Fleet::allDone);

        // then the failures were shown, and the watch ended on the fleet listed, with no failure to report
        assertThat(outcome.listingFailure()).isNull();
        assertThat(outcome.fleet().allDone()).isTrue();
        assertThat(printed()).contains("listing the installations failed (retrying): GET /installations: connection refused")
                .contains("1 installations {DONE=1}");
    }

    @Test
    void shouldStopWithTheReason_whenTheListingFailsForGood() throws Exception {
        // given a remote refusing the token
        FerryException refused = new FerryException(ErrorCode.REMOTE_REJECTED, "GET /installations returned HTTP 401");
        FleetWatch watch = new FleetWatch(answers(refused), display, Duration.ofMillis(1), Duration.ofMinutes(1));

        // when
        FleetWatch.Outcome outcome = watch.until(StatusReport.Fleet::allDone);

        // then the watch stops at once with the reason, and an empty fleet that says why it is empty
        assertThat(outcome.listingFailure()).isEqualTo("GET /installations returned HTTP 401");
        assertThat(outcome.fleet().installations()).isEmpty();
        assertThat(outcome.fleet().listingProblem()).isEqualTo("GET /installations returned HTTP 401");
        assertThat(printed()).contains("listing the installations failed for good: GET /installations returned HTTP 401");
    }

    @Test
    void shouldEndAtTheTimeout_withTheLastFailureAsTheListingProblem_whenTheListingNeverAnswers() throws Exception {
        // given a listing that keeps timing out
        FerryException hanging = new FerryException(ErrorCode.REMOTE_UNAVAILABLE, "GET /installations timed out");
        FleetWatch watch = new FleetWatch(answers(hanging), display, Duration.ofMillis(1), Duration.ofMillis(50));

        // when
        FleetWatch.Outcome outcome = watch.until(StatusReport.Fleet::allDone);

        // then it ends, not finished, saying what failed last
        assertThat(outcome.listingFailure()).isNull();
        assertThat(outcome.fleet().allDone()).isFalse();
        assertThat(outcome.fleet().listingProblem()).isEqualTo("GET /installations timed out");
    }
}
