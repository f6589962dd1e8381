package dev.ferry.local.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * {@code GET /migration-status} answers {@code {"status":"READY"}} (or PENDING, IN_PROGRESS, DONE)
 * for the calling installation; {@code PUT} with such a body sets it and answers 204.
 */
final class MigrationStatusEndpoint implements RemoteHandler {

    private final SampleSourceDatabase source;

    MigrationStatusEndpoint(SampleSourceDatabase source) {
        this.source = source;
    }

    @Override
    public RemoteResponse handle(RemoteRequest request, byte[] body) throws RemoteError {
        return switch (request.method()) {
            case "GET" -> {
                String status = source.status(request.installationId())
                        .orElseThrow(() -> RemoteError.forbidden("unknown installation"));
                yield RemoteResponse.json(200, RemoteJson.body(json -> {
                    json.writeStartObject();
                    json.writeStringField("status", status);
                    json.writeEndObject();
                }));
            }
            case "PUT" -> {
                String status = statusOf(body);
                if (!source.setStatus(request.installationId(), status)) {
                    throw RemoteError.forbidden("unknown installation");
                }
                yield RemoteResponse.noContent();
            }
            default -> throw RemoteError.methodNotAllowed("use GET or PUT");
        };
    }

    private static String statusOf(byte[] body) throws RemoteError {
        JsonNode status;
        try {
            status = RemoteJson.MAPPER.readTree(body).path("status");
        } catch (IOException e) {
            throw RemoteError.badRequest("body must be JSON like {\"status\":\"DONE\"}");
        }
        if (!status.isTextual() || !SampleSourceDatabase.STATUSES.contains(status.textValue())) {
            throw RemoteError.badRequest("status must be one of " + SampleSourceDatabase.STATUSES);
        }
        return status.textValue();
    }
}
