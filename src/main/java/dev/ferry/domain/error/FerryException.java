package dev.ferry.domain.error;

/**
 * The one unchecked root of Ferry's errors. The {@link ErrorCode} says what failed and whether
 * trying again can help. Messages never contain secrets, tokens or row data beyond an excerpt.
 */
public class FerryException extends RuntimeException {
    private final ErrorCode code;

    public FerryException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public FerryException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }

    /** Wraps any throwable: a FerryException is returned as is, anything else becomes INTERNAL. */
    public static FerryException of(Throwable t) {
        if (t instanceof FerryException fe) {
            return fe;
        }
        return new FerryException(ErrorCode.INTERNAL, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
}
