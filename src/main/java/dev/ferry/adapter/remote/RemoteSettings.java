package dev.ferry.adapter.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how the remote is called. Holds no secret: the signing key lives in the
 * {@link TokenSigner} only. Null components other than {@code baseUrl} take the defaults.
 *
 * @param baseUrl        the remote's base, {@code http} or {@code https}, without query, fragment
 *                       or user info; trailing slashes are dropped, so {@code http://h/api/} and
 *                       {@code http://h/api} are the same base
 * @param audience       the {@code aud} claim the remote expects (default {@value #DEFAULT_AUDIENCE})
 * @param connectTimeout TCP/TLS connect timeout (default 5 s)
 * @param requestTimeout time allowed for one call, from sending to the last body byte (default 30 s)
 * @param maxBodyBytes   largest successful response body accepted (default 64 MiB)
 * @param retry          retry settings (default {@link RetrySettings#defaults()})
 */
public record RemoteSettings(URI baseUrl, String audience, Duration connectTimeout, Duration requestTimeout,
                             long maxBodyBytes, RetrySettings retry) {
    public static final String DEFAULT_AUDIENCE = "ferry-remote";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

    public RemoteSettings {
        baseUrl = normalize(baseUrl);
        audience = audience == null ? DEFAULT_AUDIENCE : audience;
        if (audience.isBlank()) {
            throw new IllegalArgumentException("remote audience must not be blank");
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("remote maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        retry = retry == null ? RetrySettings.defaults() : retry;
    }

    /** The defaults for everything but the base URL. */
    public static RemoteSettings defaults(URI baseUrl) {
        return new RemoteSettings(baseUrl, DEFAULT_AUDIENCE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_BODY_BYTES, RetrySettings.defaults());
    }

    public RemoteSettings withAudience(String value) {
        return new RemoteSettings(baseUrl, value, connectTimeout, requestTimeout, maxBodyBytes, retry);
    }

    public RemoteSettings withConnectTimeout(Duration value) {
        return new RemoteSettings(baseUrl, audience, value, requestTimeout, maxBodyBytes, retry);
    }

    public RemoteSettings withRequestTimeout(Duration value) {
        return new RemoteSettings(baseUrl, audience, connectTimeout, value, maxBodyBytes, retry);
    }

    public RemoteSettings withMaxBodyBytes(long value) {
        return new RemoteSettings(baseUrl, audience, connectTimeout, requestTimeout, value, retry);
    }

    public RemoteSettings withRetry(RetrySettings value) {
        return new RemoteSettings(baseUrl, audience, connectTimeout, requestTimeout, maxBodyBytes, value);
    }

    /** The base URL's path without trailing slash ("" for a bare host), to prefix request paths with. */
    String basePath() {
        String path = baseUrl.getRawPath();
        return path == null ? "" : path;
    }

    private static URI normalize(URI uri) {
        if (uri == null) {
            throw new IllegalArgumentException("remote baseUrl is required");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("remote baseUrl must be http or https: " + uri.getScheme());
        }
        if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("remote baseUrl needs a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("remote baseUrl must not carry user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("remote baseUrl must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = uri.getRawAuthority();
        return URI.create(scheme + "://" + authority + path);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("remote " + name + " must be positive");
        }
    }
}
