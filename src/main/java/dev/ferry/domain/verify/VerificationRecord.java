package dev.ferry.domain.verify;

import dev.ferry.domain.page.Cursor;
import java.time.Instant;
import java.util.Objects;

/**
 * One data type's verification within a run, as kept in the state store.
 *
 * @param runId          the verification run (all data types of one request share it)
 * @param method         how the source was read: {@code checksums}, {@code pages} or {@code rows}
 * @param repair         whether differences were repaired as they were found
 * @param positionCursor the source cursor to resume from (RUNNING only; null: from the start)
 * @param positionKey    the last compared key, {@link RowKey#encode() encoded} (RUNNING only)
 * @param lastError      why it FAILED, or null
 */
public record VerificationRecord(String runId, String dataType, VerificationStatus status, String method,
                                 boolean repair, Instant startedAt, Instant updatedAt, Instant finishedAt,
                                 VerificationCounts counts, Cursor positionCursor, String positionKey,
                                 String lastError) {
    public VerificationRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        counts = counts == null ? VerificationCounts.NONE : counts;
    }

    /** Finished, and found source and destination equal (nothing was missing, extra or different). */
    public boolean clean() {
        return status == VerificationStatus.DONE && counts.differences() == 0;
    }
}
