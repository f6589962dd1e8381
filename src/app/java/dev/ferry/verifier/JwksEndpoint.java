package dev.ferry.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Public keys fetched from a JWKS URL and cached for {@code ttl}. A token naming a {@code kid} the
 * cache does not hold triggers one early refresh (key rotation), at most once per
 * {@code minRefreshInterval}, so unknown kids cannot make the verifier hammer the URL. When a refresh
 * fails the keys already held stay in use; with none held, verification fails with KEYS_UNAVAILABLE.
 * The URL must be https, or http to a loopback address; redirects are not followed and bodies are
 * limited to {@value #MAX_BODY_BYTES} bytes. Thread-safe.
 */
final class JwksEndpoint implements PublicKeys {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private final Clock clock;
    private final HttpClient http;
    private volatile Snapshot snapshot;
    private Instant lastAttempt;

    /** The keys of one successful fetch. */
    private record Snapshot(List<SigningKey> keys, Instant fetchedAt) {
    }

    JwksEndpoint(URI url, Duration ttl, Duration minRefreshInterval, Clock clock) {
        this.url = requireSafe(url);
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.minRefreshInterval = Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public List<SigningKey> candidates(String keyId) throws TokenRejectedException {
        Snapshot current = snapshot;
        if (current != null && fresh(current)) {
            List<SigningKey> found = Jwks.select(current.keys(), keyId);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return refreshAndSelect(keyId);
    }

    private synchronized List<SigningKey> refreshAndSelect(String keyId) throws TokenRejectedException {
        Snapshot current = snapshot;
        boolean stale = current == null || !fresh(current);
        boolean missing = current == null || Jwks.select(current.keys(), keyId).isEmpty();
        if ((stale || missing) && mayAttempt()) {
            lastAttempt = clock.instant();
            try {
                current = new Snapshot(fetch(), lastAttempt);
                snapshot = current;
            } catch (IOException | ParseException e) {
                // Keep the keys already held; without any, no token can be verified.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (current == null) {
            throw new TokenRejectedException(TokenRejectedException.Reason.KEYS_UNAVAILABLE,
                    "the signing keys could not be fetched");
        }
        return Jwks.select(current.keys(), keyId);
    }

    private boolean fresh(Snapshot s) {
        return clock.instant().isBefore(s.fetchedAt().plus(ttl));
    }

    private boolean mayAttempt() {
        return lastAttempt == null || !clock.instant().isBefore(lastAttempt.plus(minRefreshInterval));
    }

    private List<SigningKey> fetch() throws IOException, InterruptedException, ParseException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("JWKS URL answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("JWKS document larger than " + MAX_BODY_BYTES + " bytes");
            }
            return Jwks.parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static URI requireSafe(URI url) {
        Objects.requireNonNull(url, "jwksUrl");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("JWKS URL needs a host and no user info");
        }
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(url.getHost()))) {
            return url;
        }
        throw new IllegalArgumentException("JWKS URL must be https (or http to a loopback address)");
    }

    /** By name only (no DNS lookup): localhost, 127.x.x.x or ::1. */
    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]") || h.equals("::1");
    }
}
