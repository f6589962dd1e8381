package dev.ferry.adapter.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields of an EventBridge scheduled event the tracker logs; the rest is ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledTick(@JsonProperty("id") String id, @JsonProperty("time") String time,
                            @JsonProperty("detail-type") String detailType) {
}
