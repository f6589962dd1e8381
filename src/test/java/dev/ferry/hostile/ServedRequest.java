package dev.ferry.hostile;

import java.time.Instant;

/**
 * One request the hostile remote answered.
 *
 * @param at             when it arrived
 * @param method         HTTP method
 * @param path           raw request path, e.g. {@code /app/data-migration/users/}
 * @param query          raw query string, or null
 * @param installationId the {@code installationId} claim of a valid token, else null
 * @param status         the HTTP status answered
 * @param misbehaviour   the {@link Kind} name of the misbehaviour that answered it, or null
 */
public record ServedRequest(Instant at, String method, String path, String query,
                            String installationId, int status, String misbehaviour) {
}
