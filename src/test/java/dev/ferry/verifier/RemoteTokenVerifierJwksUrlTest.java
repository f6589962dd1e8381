package dev.ferry.verifier;

import static dev.ferry.verifier.TestTokens.OTHER_RSA_KEY;
import static dev.ferry.verifier.TestTokens.RSA_KEY;
import static dev.ferry.verifier.TestTokens.installation;
import static dev.ferry.verifier.TestTokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.verifier.TokenRejectedException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256 with keys fetched from a JWKS URL on 127.0.0.1: caching, rotation, and an unreachable URL. */
@IntegrationTest
class RemoteTokenVerifierJwksUrlTest {
    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> published = new AtomicReference<>(TestTokens.jwks(RSA_KEY));
    private final AtomicInteger status = new AtomicInteger(200);
    private final MovableClock clock = new MovableClock();

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = TestTokens.NOW;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RemoteTokenVerifier verifier() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        return RemoteTokenVerifier.builder().jwksUrl(url).jwksCacheDuration(Duration.ofMinutes(10)).clock(clock).build();
    }

    /** A token issued at the clock's current time. */
    private String token(com.nimbusds.jose.jwk.RSAKey key, String kid) {
        java.util.Date now = java.util.Date.from(clock.instant());
        return rs256(installation("acme").issueTime(now).notBeforeTime(now)
                .expirationTime(java.util.Date.from(clock.instant().plusSeconds(60))), key, kid);
    }

    @Test
    void fetchesTheKeysOnce_andServesManyVerificationsFromTheCache() throws Exception {
        // given a verifier reading the JWKS URL
        RemoteTokenVerifier verifier = verifier();

        // when fifty tokens are verified
        for (int i = 0; i < 50; i++) {
            verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme");
        }

        // then the URL was read once
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void fetchesAgain_whenTheCacheExpires() throws Exception {
        RemoteTokenVerifier verifier = verifier();
        verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme");

        // when eleven minutes pass
        clock.advance(Duration.ofMinutes(11));
        verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme");

        // then the keys were read again
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void picksUpARotatedKey_byRefreshingOnAnUnknownKid() throws Exception {
        // given a verifier that cached the first key
        RemoteTokenVerifier verifier = verifier();
        verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme");

        // when the remote's signer rotates to key-2 and publishes it
        published.set(TestTokens.jwks(RSA_KEY, OTHER_RSA_KEY));
        clock.advance(Duration.ofMinutes(1));
        VerifiedToken caller = verifier.verifyForInstallation(token(OTHER_RSA_KEY, "key-2"), "acme");

        // then the new key verifies after one refresh
        assertThat(caller.keyId()).isEqualTo("key-2");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void unknownKids_doNotHammerTheUrl() {
        // given a verifier with its keys cached
        RemoteTokenVerifier verifier = verifier();

        // when many tokens name kids nobody publishes, within the minimum refresh interval
        for (int i = 0; i < 20; i++) {
            String token = token(OTHER_RSA_KEY, "forged-" + i);
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                    () -> verifier.verifyForInstallation(token, "acme"));
            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        }

        // then the URL was read at most twice (first fetch, then one refresh attempt)
        assertThat(fetches.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void refusesWithKeysUnavailable_whenTheUrlFailsAndNothingIsCached() {
        // given a JWKS URL answering 500
        status.set(500);
        RemoteTokenVerifier verifier = verifier();

        // when
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme"));

        // then the remote can answer 503, not blame the caller
        assertThat(e.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(e.reason().httpStatus()).isEqualTo(503);
    }

    @Test
    void keepsUsingCachedKeys_whenARefreshFails() throws Exception {
        RemoteTokenVerifier verifier = verifier();
        verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme");

        // when the cache expires and the URL is down
        status.set(503);
        clock.advance(Duration.ofMinutes(11));

        // then the cached key still verifies
        assertThat(verifier.verifyForInstallation(token(RSA_KEY, "key-1"), "acme").keyId()).isEqualTo("key-1");
    }

    @Test
    void refusesPlainHttpJwksUrl_toAnythingButLoopback() {
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().jwksUrl(URI.create("http://keys.example.com/jwks.json")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
