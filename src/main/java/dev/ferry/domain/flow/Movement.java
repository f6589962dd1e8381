package dev.ferry.domain.flow;

import java.time.Instant;
import java.util.List;

/**
 * An App Data Movement: one point-in-time export into the flow's stream, then the import of the
 * stream's files the destination has not imported yet.
 *
 * @param number         1 for the flow's first movement, then 2, 3, …
 * @param sequence       the export of the stream this movement made (0 when nothing had changed)
 * @param exportedFiles  ids of the Event Files this movement's export added to the stream
 * @param importedFiles  ids of the Event Files imported into the destination by this movement
 */
public record Movement(String flowId, String movementId, int number, long sequence, Instant startedAt,
                       Instant finishedAt, long exportedRecords, long importedRecords, List<String> exportedFiles,
                       List<String> importedFiles) {
    public Movement {
        exportedFiles = exportedFiles == null ? List.of() : List.copyOf(exportedFiles);
        importedFiles = importedFiles == null ? List.of() : List.copyOf(importedFiles);
    }
}
