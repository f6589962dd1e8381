package dev.ferry.local.sample;

import java.util.Map;

/**
 * An answer of the sample remote before it is written: status, extra headers, and a JSON body — either
 * bytes (may be empty) or, for large answers, a writer that streams it straight to the client
 * ({@code stream}, with {@code body} null).
 */
record RemoteResponse(int status, Map<String, String> headers, byte[] body, RemoteJson.BodyWriter stream) {

    RemoteResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    static RemoteResponse json(int status, byte[] body) {
        return new RemoteResponse(status, Map.of(), body);
    }

    /** A JSON body written by {@code writer} as it is sent (chunked), never held whole in memory. */
    static RemoteResponse streamedJson(int status, RemoteJson.BodyWriter writer) {
        return new RemoteResponse(status, Map.of(), null, writer);
    }

    static RemoteResponse noContent() {
        return new RemoteResponse(204, Map.of(), new byte[0]);
    }

    /** The body as bytes, rendering a streamed one (for a fault that needs the whole body). */
    byte[] bytes() {
        return stream == null ? body : RemoteJson.body(stream);
    }
}
