package dev.ferry.local.sample;

import java.util.Map;

/** An answer of the sample remote before it is written: status, extra headers, JSON body (may be empty). */
record RemoteResponse(int status, Map<String, String> headers, byte[] body) {

    static RemoteResponse json(int status, byte[] body) {
        return new RemoteResponse(status, Map.of(), body);
    }

    static RemoteResponse noContent() {
        return new RemoteResponse(204, Map.of(), new byte[0]);
    }
}
