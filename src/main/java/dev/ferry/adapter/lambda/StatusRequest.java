package dev.ferry.adapter.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Input of the status function: one installation, or (when absent) the whole fleet. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusRequest(String installationId) {
}
