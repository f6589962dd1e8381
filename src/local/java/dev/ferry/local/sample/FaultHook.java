package dev.ferry.local.sample;

/**
 * Decides, per authenticated request, whether the sample remote misbehaves: tests inject server
 * errors, rate limiting, slowness or broken bodies with it. Called on the server's worker threads.
 *
 * <pre>{@code
 * remote.faultHook(r -> r.endpoint() == RemoteEndpoint.DATA_MIGRATION && r.sequence() == 3
 *         ? Fault.tooManyRequests(Duration.ofSeconds(1)) : Fault.none());
 * }</pre>
 */
@FunctionalInterface
public interface FaultHook {

    /** Serves every request normally. */
    FaultHook NONE = request -> Fault.none();

    Fault onRequest(RemoteRequest request);
}
