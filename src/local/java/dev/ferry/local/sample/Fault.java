package dev.ferry.local.sample;

import java.time.Duration;
import java.util.Map;

/** What a {@link FaultHook} makes of one request: serve it, slow it down, answer instead, or cut it short. */
public sealed interface Fault {

    /** Serve the request normally. */
    record None() implements Fault {
    }

    /** Wait, then serve the request normally. */
    record Delay(Duration delay) implements Fault {
    }

    /** Answer with this response instead of serving the request. */
    record Respond(int status, Map<String, String> headers, String body) implements Fault {
        public Respond {
            headers = Map.copyOf(headers);
        }
    }

    /** Serve the request, but send only the first {@code keepBytes} bytes of the body (declared as the length). */
    record Truncate(int keepBytes) implements Fault {
    }

    static Fault none() {
        return new None();
    }

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /** A JSON error answer with the given status, for example 500 or 503. */
    static Fault status(int status) {
        return new Respond(status, Map.of(), "{\"error\":\"injected\",\"status\":" + status + "}");
    }

    /** {@code 429 Too Many Requests} with {@code Retry-After} in whole seconds. */
    static Fault tooManyRequests(Duration retryAfter) {
        return new Respond(429, Map.of("Retry-After", Long.toString(retryAfter.toSeconds())),
                "{\"error\":\"rate_limited\"}");
    }

    static Fault truncate(int keepBytes) {
        return new Truncate(keepBytes);
    }
}
