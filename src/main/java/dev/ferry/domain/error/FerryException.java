package dev.ferry.domain.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The one unchecked root of Ferry's errors. The {@link ErrorCode} says what failed and whether
 * trying again can help; a retryable failure may also say how long to wait before trying again
 * (a remote's {@code Retry-After}). Messages never contain secrets, tokens or row data beyond an excerpt.
 */
public class FerryException extends RuntimeException {
    private final ErrorCode code;
    private final Duration retryAfter;

    public FerryException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public FerryException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    /** @param retryAfter how long the other side asked us to wait before trying again; null when it did not say */
    public FerryException(ErrorCode code, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }

    /** How long the other side asked to wait before the next attempt, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Wraps any throwable: a FerryException is returned as is, anything else becomes INTERNAL. */
    public static FerryException of(Throwable t) {
        if (t instanceof FerryException fe) {
            return fe;
        }
        return new FerryException(ErrorCode.INTERNAL, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
}
