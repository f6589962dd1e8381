package dev.ferry.dualwrite;

import java.time.Instant;
import java.util.Objects;

/**
 * One failed mirror write, as {@link DualWriter} hands it to a {@link MirrorFailureLog}.
 *
 * @param installationId the write's installation
 * @param dataType the write's data type (table)
 * @param key the row's primary key (stored as {@link PrimaryKeyValues#text()})
 * @param operation what the failed write did; informational, repair replays the primary's current state
 * @param errorCode a short code: a {@link SideException}'s code, else the exception's class name
 * @param errorMessage a short message without values or secrets (see {@link SideException})
 * @param failedAt when the mirror write failed
 */
public record MirrorFailure(String installationId, String dataType, PrimaryKeyValues key, Operation operation,
                            String errorCode, String errorMessage, Instant failedAt) {

    public MirrorFailure {
        Names.requireInstallationId(installationId);
        Names.requireDataType(dataType);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(failedAt, "failedAt");
        ErrorText error = new ErrorText(errorCode, errorMessage);
        errorCode = error.code();
        errorMessage = error.message();
    }

    /** The failure of {@code write} with {@code error}, described without the exception's message unless it is a {@link SideException}. */
    public static MirrorFailure of(Write write, RuntimeException error, Instant failedAt) {
        ErrorText text = ErrorText.of(error);
        return new MirrorFailure(write.installationId(), write.dataType(), write.key(), write.operation(),
                text.code(), text.message(), failedAt);
    }

    /** Names only, never the key values. */
    @Override
    public String toString() {
        return "MirrorFailure[" + operation + " " + installationId + "/" + dataType + " " + key + " " + errorCode
                + ": " + errorMessage + " at " + failedAt + "]";
    }
}
