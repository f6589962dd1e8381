package dev.ferry.local.sample;

import java.util.Map;

/**
 * An authenticated request to the sample remote, as a {@link FaultHook} sees it.
 *
 * @param endpoint       which endpoint it is for
 * @param method         the HTTP method
 * @param remotePath     the {@code {dataType}} path segment of a data-migration request, else null
 * @param query          the decoded query parameters
 * @param installationId the installation named by the token, or null for the app-level call
 * @param sequence       1 for the endpoint's first request since start or the last counter reset, and so on
 */
public record RemoteRequest(RemoteEndpoint endpoint, String method, String remotePath, Map<String, String> query,
                            String installationId, long sequence) {

    public RemoteRequest {
        query = Map.copyOf(query);
    }
}
