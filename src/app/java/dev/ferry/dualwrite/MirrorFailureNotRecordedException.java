package dev.ferry.dualwrite;

/**
 * The mirror write failed and the failure log could not record it either: the primary has the write,
 * the mirror may be stale and nothing says so. Thrown by {@link DualWriter#write(Write)} in sequential
 * mode (in asynchronous mode it escapes the mirroring task into the executor). Carries no cause and no
 * values, only the failure's description and the log's error code.
 */
public final class MirrorFailureNotRecordedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient MirrorFailure failure;
    private final String logErrorCode;

    MirrorFailureNotRecordedException(MirrorFailure failure, ErrorText logError) {
        super("mirror write failed (" + failure.errorCode() + ") for installation " + failure.installationId()
                + ", data type " + failure.dataType() + ", and the failure log could not record it ("
                + logError.code() + ": " + logError.message() + ")", null, false, true);
        this.failure = failure;
        this.logErrorCode = logError.code();
    }

    /** The failure that was not recorded (record it, or repair the row, once the log is back). */
    public MirrorFailure failure() {
        return failure;
    }

    /** The failure log's error code. */
    public String logErrorCode() {
        return logErrorCode;
    }
}
