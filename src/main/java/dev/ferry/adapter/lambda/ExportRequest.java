package dev.ferry.adapter.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.domain.flow.Endpoint;
import java.util.List;

/**
 * Input of the exporter function: run one movement's export for {@code flowId}. The first request
 * for a flow also defines it ({@code streamId}, {@code source}, {@code destination}); later ones may
 * name the flow only. The same function also takes an SQS event from the export queue, whose records'
 * bodies are such requests ({@code {"flowId": …}}): the continuations of exports that ran out of time.
 *
 * @param continues the movement whose export this continues, or null for the flow's next movement
 * @param records   the SQS event's records, or null when invoked directly
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportRequest(String flowId, String streamId, Endpoint source, Endpoint destination,
                            String continues, @JsonProperty("Records") List<QueuedRecord> records) {

    public ExportRequest(String flowId, String streamId, Endpoint source, Endpoint destination) {
        this(flowId, streamId, source, destination, null, null);
    }

    /** A continuation of that movement's export (a movement already recorded is not exported again). */
    static ExportRequest continuing(String flowId, String movementId) {
        return new ExportRequest(flowId, null, null, null, movementId, null);
    }

    /** Whether this is an SQS event rather than a direct invocation. */
    boolean fromQueue() {
        return records != null;
    }

    /** One record of an SQS event: its id and its body, an export request. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueuedRecord(String messageId, String body) {
    }
}
