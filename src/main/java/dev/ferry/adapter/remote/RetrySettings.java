package dev.ferry.adapter.remote;

import java.time.Duration;

/**
 * How the remote client retries a failed call: at most {@code maxAttempts} calls in all, waiting a
 * random time between zero and {@code min(maxDelay, baseDelay * 2^(failures-1))} between them (full
 * jitter), or what the remote asks for in {@code Retry-After}, but never longer than
 * {@code maxRetryAfter}. Null components take the defaults.
 *
 * @param maxAttempts   calls in all, including the first; 1 means no retry (1..100, default 5)
 * @param baseDelay     backoff before the second attempt at most (default 200 ms)
 * @param maxDelay      cap of the exponential backoff (default 10 s)
 * @param maxRetryAfter longest wait a {@code Retry-After} header can impose (default 30 s)
 */
public record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);

    public RetrySettings {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("retry maxAttempts must be 1..100, was " + maxAttempts);
        }
        baseDelay = baseDelay == null ? DEFAULT_BASE_DELAY : baseDelay;
        maxDelay = maxDelay == null ? DEFAULT_MAX_DELAY : maxDelay;
        maxRetryAfter = maxRetryAfter == null ? DEFAULT_MAX_RETRY_AFTER : maxRetryAfter;
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry maxDelay must not be shorter than baseDelay");
        }
    }

    public static RetrySettings defaults() {
        return new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_RETRY_AFTER);
    }

    public RetrySettings withMaxAttempts(int attempts) {
        return new RetrySettings(attempts, baseDelay, maxDelay, maxRetryAfter);
    }

    public RetrySettings withBackoff(Duration base, Duration cap) {
        return new RetrySettings(maxAttempts, base, cap, maxRetryAfter);
    }

    public RetrySettings withMaxRetryAfter(Duration max) {
        return new RetrySettings(maxAttempts, baseDelay, maxDelay, max);
    }
}
