package dev.ferry.adapter.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.adapter.remote.RetryPolicy.AttemptFailure;
import dev.ferry.adapter.remote.RetryPolicy.Decision;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    private final RemoteFixtures.RecordingSleeper sleeper = new RemoteFixtures.RecordingSleeper();

    private RetryPolicy policy(RetrySettings settings) {
        return new RetryPolicy(settings, sleeper, new Random(7), CLOCK, RetryPolicy.NO_DEADLINE);
    }

    private static AttemptFailure transientFailure() {
        return new AttemptFailure(new FerryException(ErrorCode.REMOTE_UNAVAILABLE, "down"), true, null, 503, "");
    }

    @Test
    void backoffIsFullJitterBelowTheExponentialCeilingAndTheCap() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults());

        // when / then
        for (int failures = 1; failures <= 20; failures++) {
            long ceiling = Math.min(10_000, 200L << Math.min(failures - 1, 20));
            for (int i = 0; i < 200; i++) {
                assertThat(policy.backoff(failures).toMillis()).isBetween(0L, ceiling);
            }
        }
    }

    @Test
    void backoffSpreadsOverTheWholeRange() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults());

        // when
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long ms = policy.backoff(10).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }

        // then
        assertThat(min).isLessThan(1000);
        assertThat(max).isGreaterThan(9000);
    }

    @Test
    void hugeAttemptNumbersDoNotOverflow() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults());

        // when / then
        assertThat(policy.backoff(Integer.MAX_VALUE)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults());

        // when / then
        assertThat(policy.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(policy.parseRetryAfter(" 0 ")).contains(Duration.ZERO);
        assertThat(policy.parseRetryAfter("Sun, 01 Jun 2025 12:00:12 GMT")).contains(Duration.ofSeconds(12));
        assertThat(policy.parseRetryAfter("Sun, 01 Jun 2025 11:00:00 GMT")).contains(Duration.ZERO);
        assertThat(policy.parseRetryAfter("99999999999999999999")).contains(RetrySettings.DEFAULT_MAX_RETRY_AFTER);
        assertThat(policy.parseRetryAfter("soon")).isEmpty();
        assertThat(policy.parseRetryAfter("-5")).isEmpty();
        assertThat(policy.parseRetryAfter(null)).isEmpty();
    }

    @Test
    void retryAfterBeyondTheMaximumWait_endsTheCallAtOnce_carryingTheRemotesWaitToTheJob() {
        // given a remote that asks for 60 s where an invocation waits at most 4 s
        RetryPolicy policy = policy(RetrySettings.defaults().withMaxRetryAfter(Duration.ofSeconds(4)));
        AttemptFailure limited = new AttemptFailure(new FerryException(ErrorCode.REMOTE_RATE_LIMITED, "429"), true,
                Duration.ofSeconds(60), 429, "");
        AtomicInteger calls = new AtomicInteger();

        // when
        Decision decision = policy.decide(1, limited);

        // then the call gives up without waiting, and the final error carries the remote's 60 s for the job's next attempt
        assertThat(decision).isEqualTo(new Decision.GiveUp("the remote asks to wait 60 s"));
        assertThatThrownBy(() -> policy.run(attempt -> {
            calls.incrementAndGet();
            throw limited;
        }, (attempt, failure, d) -> { }))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
                });
        assertThat(calls).hasValue(1);
    }

    @Test
    void permanentFailureIsNotRetried() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults());
        AttemptFailure rejected = new AttemptFailure(new FerryException(ErrorCode.REMOTE_REJECTED, "401"), false, null, 401, "");
        AtomicInteger calls = new AtomicInteger();

        // when / then
        assertThatThrownBy(() -> policy.run(attempt -> {
            calls.incrementAndGet();
            throw rejected;
        }, (a, f, d) -> { }))
                .isSameAs(rejected.error());
        assertThat(calls).hasValue(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void runStopsAfterMaxAttemptsAndTellsTheListenerEveryTime() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults().withMaxAttempts(3));
        List<Decision> decisions = new ArrayList<>();

        // when / then
        assertThatThrownBy(() -> policy.run(attempt -> {
            throw transientFailure();
        }, (a, f, d) -> decisions.add(d)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("down").contains("3 attempts");
                });
        assertThat(decisions).hasSize(3);
        assertThat(decisions.get(2)).isInstanceOf(Decision.GiveUp.class);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void runReturnsTheFirstSuccess() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults());

        // when
        String result = policy.run(attempt -> {
            if (attempt < 3) {
                throw transientFailure();
            }
            return "ok on " + attempt;
        }, (a, f, d) -> { });

        // then
        assertThat(result).isEqualTo("ok on 3");
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void deadlineStopsRetryingWhenTheWaitDoesNotFit() {
        // given: jitter that always picks the longest wait, and 10 ms left
        Random longest = new Random() {
            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        };
        RetryPolicy policy = new RetryPolicy(RetrySettings.defaults(), sleeper, longest, CLOCK, () -> 10);

        // when
        Decision decision = policy.decide(1, transientFailure());

        // then
        assertThat(decision).isInstanceOf(Decision.GiveUp.class);
        assertThat(((Decision.GiveUp) decision).reason()).contains("deadline");
    }

    @Test
    void withDeadlineKeepsTheSettingsAndReadsTheNewBudget() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults().withMaxAttempts(2));

        // when
        RetryPolicy bounded = policy.withDeadline(() -> 1234);

        // then
        assertThat(bounded.remainingMillis()).isEqualTo(1234);
        assertThat(bounded.settings()).isEqualTo(policy.settings());
        assertThat(policy.remainingMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void noTimeLeftFailsBeforeTheFirstAttempt() {
        // given
        RetryPolicy policy = policy(RetrySettings.defaults()).withDeadline(() -> 0);
        AtomicInteger calls = new AtomicInteger();

        // when / then
        assertThatThrownBy(() -> policy.run(attempt -> calls.incrementAndGet(), (a, f, d) -> { }))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
        assertThat(calls).hasValue(0);
    }

    @Test
    void interruptedWaitStopsWithTheLastErrorAndKeepsTheInterruptFlag() {
        // given
        RetryPolicy policy = new RetryPolicy(RetrySettings.defaults(), d -> {
            throw new InterruptedException();
        }, new Random(1), CLOCK, RetryPolicy.NO_DEADLINE);

        // when / then
        try {
            assertThatThrownBy(() -> policy.run(attempt -> {
                throw transientFailure();
            }, (a, f, d) -> { }))
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new RetrySettings(0, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySettings.defaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetrySettings(5, null, null, null)).isEqualTo(RetrySettings.defaults());
    }
}
