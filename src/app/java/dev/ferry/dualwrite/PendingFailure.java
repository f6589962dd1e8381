package dev.ferry.dualwrite;

import java.time.Instant;

/**
 * A pending entry of a {@link MirrorFailureLog}: a row whose mirror copy may be stale.
 *
 * @param id the entry's id in its log; a new entry for the same key after a repair gets a new id
 * @param revision bumped on every change of the entry (a new failure or a failed repair), so a repair
 *     deletes the entry only if nothing happened to it since it was read
 * @param installationId the row's installation
 * @param dataType the row's data type (table)
 * @param keyText the row's key as {@link PrimaryKeyValues#text()}
 * @param operation the last failed write's operation (informational)
 * @param attempts failed mirror writes and failed repairs so far, at least 1
 * @param errorCode the last error's code
 * @param errorMessage the last error's message (no values)
 * @param firstFailedAt when the entry was created
 * @param lastFailedAt when the last failure happened; logs hand out the oldest first
 */
public record PendingFailure(long id, long revision, String installationId, String dataType, String keyText,
                             Operation operation, int attempts, String errorCode, String errorMessage,
                             Instant firstFailedAt, Instant lastFailedAt) {

    /**
     * The row's key, parsed from {@link #keyText()}.
     *
     * @throws IllegalArgumentException if the stored text is not a key text (edited by hand)
     */
    public PrimaryKeyValues key() {
        return PrimaryKeyValues.parse(keyText);
    }

    /** Names and counters only, never the key values. */
    @Override
    public String toString() {
        return "PendingFailure[#" + id + " r" + revision + " " + operation + " " + installationId + "/" + dataType
                + " attempts=" + attempts + " " + errorCode + "]";
    }
}
