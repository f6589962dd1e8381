package dev.ferry.domain.flow;

import dev.ferry.domain.eventfile.EventFileHeader;
import java.time.Instant;
import java.util.Objects;

/**
 * An App Data Flow: a lasting link from a source to a destination installation. Its exports go to
 * the export stream {@code streamId}; flows from the same source may share a stream, so data
 * exported once (a snapshot and its diffs) serves each of their destinations.
 */
public record Flow(String flowId, String streamId, Endpoint source, Endpoint destination, Instant createdAt) {
    /** Movement ids are {@code <flowId>-m<number>} and must stay valid ids. */
    public static final int MAX_FLOW_ID = 100;

    public Flow {
        if (!EventFileHeader.isValidId(flowId) || !EventFileHeader.isValidId(streamId) || flowId.length() > MAX_FLOW_ID) {
            throw new IllegalArgumentException("flow and stream ids must be letters, digits, '.', '_' or '-' (a flow id at"
                    + " most " + MAX_FLOW_ID + " characters, so that its movement ids fit too; a stream id at most 128)");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (destination.kind() != Endpoint.Kind.DATABASE) {
            throw new IllegalArgumentException("a flow's destination is an installation database");
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
