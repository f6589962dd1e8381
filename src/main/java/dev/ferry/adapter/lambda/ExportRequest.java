package dev.ferry.adapter.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ferry.domain.flow.Endpoint;

/**
 * Input of the exporter function: run one movement's export for {@code flowId}. The first request
 * for a flow also defines it ({@code streamId}, {@code source}, {@code destination}); later ones may
 * name the flow only.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportRequest(String flowId, String streamId, Endpoint source, Endpoint destination) {
}
