package dev.ferry.adapter.remote;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Runs a call up to {@link RetrySettings#maxAttempts()} times. Only transient failures are tried
 * again (timeouts, connection errors, 429, 5xx, as the caller marks them); the wait before the next
 * attempt is the remote's {@code Retry-After} when it sent one, otherwise exponential backoff with full
 * jitter. A {@code Retry-After} longer than {@link RetrySettings#maxRetryAfter()} ends the call at once:
 * the error carries it, and the job waits that long between invocations instead of idling in one. A deadline
 * hook (remaining milliseconds, e.g. from the worker's budget) stops retrying when the wait would
 * not fit. When it gives up, the last attempt's FerryException is thrown.
 *
 * <p>Immutable and thread-safe; {@link #withDeadline} makes a copy for one invocation's budget.
 */
public final class RetryPolicy {
    /** No deadline: only the attempt count bounds the retries. */
    public static final LongSupplier NO_DEADLINE = () -> Long.MAX_VALUE;

    private final RetrySettings settings;
    private final Sleeper sleeper;
    private final Random random;
    private final Clock clock;
    private final LongSupplier remainingMillis;

    /** Real sleeps, a fresh Random, the system clock and no deadline. */
    public RetryPolicy(RetrySettings settings) {
        this(settings, Sleeper.THREAD_SLEEP, new Random(), Clock.systemUTC(), NO_DEADLINE);
    }

    /**
     * @param clock           reads {@code Retry-After} dates against now
     * @param remainingMillis time left for this call and its retries; the policy does not start an
     *                        attempt when it is not positive nor wait longer than it
     */
    public RetryPolicy(RetrySettings settings, Sleeper sleeper, Random random, Clock clock, LongSupplier remainingMillis) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.remainingMillis = Objects.requireNonNull(remainingMillis, "remainingMillis");
    }

    /** The same policy bounded by another deadline. */
    public RetryPolicy withDeadline(LongSupplier remaining) {
        return new RetryPolicy(settings, sleeper, random, clock, remaining);
    }

    public RetrySettings settings() {
        return settings;
    }

    /** Milliseconds left before the deadline ({@code Long.MAX_VALUE} without one). */
    public long remainingMillis() {
        return remainingMillis.getAsLong();
    }

    /** One attempt of a call. */
    @FunctionalInterface
    public interface Call<T> {
        /** @param attempt 1 for the first call */
        T attempt(int attempt) throws AttemptFailure;
    }

    /** Told about every failed attempt and what the policy decided, before it waits or throws. */
    @FunctionalInterface
    public interface Listener {
        void onFailure(int attempt, AttemptFailure failure, Decision decision);
    }

    /** What happens after a failed attempt. */
    public sealed interface Decision {
        /** Try again after {@code delay}. */
        record Retry(Duration delay) implements Decision {
        }

        /** Stop and throw; {@code reason} says why (permanent, attempts exhausted, deadline). */
        record GiveUp(String reason) implements Decision {
        }
    }

    /**
     * A failed attempt as the caller classified it.
     *
     * @param error      what to throw if this is the last attempt
     * @param transientFailure whether trying again may help (timeouts, connection errors, 429, 5xx)
     * @param retryAfter the remote's requested wait, or null
     * @param status     the HTTP status, or -1 when no response arrived
     * @param bodyExcerpt a short, secret-free excerpt of the response body, or ""
     */
    public static final class AttemptFailure extends Exception {
        private final FerryException error;
        private final boolean transientFailure;
        private final Duration retryAfter;
        private final int status;
        private final String bodyExcerpt;

        public AttemptFailure(FerryException error, boolean transientFailure, Duration retryAfter, int status,
                              String bodyExcerpt) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.transientFailure = transientFailure;
            this.retryAfter = retryAfter;
            this.status = status;
            this.bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
        }

        public FerryException error() {
            return error;
        }

        public boolean transientFailure() {
            return transientFailure;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        public int status() {
            return status;
        }

        public String bodyExcerpt() {
            return bodyExcerpt;
        }
    }

    /** Runs {@code call} until it succeeds or the policy gives up, then throws the last mapped error. */
    public <T> T run(Call<T> call, Listener listener) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(listener, "listener");
        if (remainingMillis() <= 0) {
            throw new FerryException(ErrorCode.REMOTE_UNAVAILABLE, "no time left for the remote call");
        }
        for (int attempt = 1; ; attempt++) {
            AttemptFailure failure;
            try {
                return call.attempt(attempt);
            } catch (AttemptFailure f) {
                failure = f;
            }
            Decision decision = decide(attempt, failure);
            listener.onFailure(attempt, failure, decision);
            if (decision instanceof Decision.GiveUp giveUp) {
                throw finalError(attempt, failure, giveUp);
            }
            pause(((Decision.Retry) decision).delay(), failure);
        }
    }

    /** The decision after attempt number {@code attempt} failed. */
    public Decision decide(int attempt, AttemptFailure failure) {
        if (!failure.transientFailure()) {
            return new Decision.GiveUp("not retryable");
        }
        if (attempt >= settings.maxAttempts()) {
            return new Decision.GiveUp("attempts exhausted");
        }
        if (failure.retryAfter().filter(d -> d.compareTo(settings.maxRetryAfter()) > 0).isPresent()) {
            // Longer than an invocation should idle: the job waits instead, its next attempt scheduled
            // from the Retry-After carried by the final error.
            return new Decision.GiveUp("the remote asks to wait " + failure.retryAfter().get().toSeconds() + " s");
        }
        Duration delay = failure.retryAfter().orElseGet(() -> backoff(attempt));
        long remaining = remainingMillis();
        if (remaining != Long.MAX_VALUE && delay.toMillis() >= remaining) {
            return new Decision.GiveUp("deadline: " + Math.max(remaining, 0) + " ms left, next wait " + delay.toMillis() + " ms");
        }
        return new Decision.Retry(delay);
    }

    /**
     * Full jitter: uniformly random between zero and {@code min(maxDelay, baseDelay * 2^(failures-1))}.
     *
     * @param failures attempts failed so far (1 after the first failure)
     */
    public Duration backoff(int failures) {
        long base = settings.baseDelay().toMillis();
        long cap = settings.maxDelay().toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 62);
        long ceiling = base == 0 ? 0 : (base > (cap >> shift) ? cap : Math.min(cap, base << shift));
        long millis = ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
        return Duration.ofMillis(millis);
    }

    /**
     * Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (a date in the past means
     * zero). Unreadable values are ignored. Not capped here; {@link #decide} caps it.
     */
    public Optional<Duration> parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            if (value.length() > 9) {
                return Optional.of(settings.maxRetryAfter());
            }
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(clock.instant(), at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private void pause(Duration delay, AttemptFailure failure) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(failure.error().code(), failure.error().getMessage()
                    + "; interrupted while waiting to retry", failure.error().getCause());
        }
    }

    private static FerryException finalError(int attempt, AttemptFailure failure, Decision.GiveUp giveUp) {
        FerryException last = failure.error();
        if (attempt == 1 && !failure.transientFailure()) {
            return last;
        }
        // the remote's requested wait travels on, so the job's next attempt honours it
        return new FerryException(last.code(), last.getMessage() + "; gave up after " + attempt + " attempt"
                + (attempt == 1 ? "" : "s") + " (" + giveUp.reason() + ")", last.getCause(),
                failure.retryAfter().orElse(null));
    }

    @Override
    public String toString() {
        return "RetryPolicy" + settings;
    }
}
