package dev.ferry.adapter.lambda;

import dev.ferry.domain.flow.Movement;

/**
 * What the exporter function answers: the movement once its export is complete, or that it continues
 * (its checkpoint is in the stream and a continuation is on the export queue).
 *
 * @param movement the recorded movement; null while the export continues
 */
public record ExportResponse(String flowId, String movementId, boolean complete, Movement movement) {
}
