package dev.ferry.adapter.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.FerryException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The remote must be https unless plain HTTP is explicitly allowed. */
class SecureRemoteTest {

    @Test
    void shouldRefuseAnHttpRemote_unlessExplicitlyAllowed() {
        // given an http remote, allowed and not; an https remote
        // when / then only the explicitly allowed http one and the https one pass
        assertThatThrownBy(() -> FerryBeans.requireSecureRemote(remote("http://remote.example.com", false)))
                .isInstanceOf(FerryException.class).hasMessageContaining("https://")
                .hasMessageContaining("ferry.remote.allow-insecure-http");
        assertThatCode(() -> FerryBeans.requireSecureRemote(remote("http://127.0.0.1:8080", true))).doesNotThrowAnyException();
        assertThatCode(() -> FerryBeans.requireSecureRemote(remote("https://remote.example.com", false)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> FerryBeans.requireSecureRemote(remote("ftp://remote.example.com", true)))
                .isInstanceOf(FerryException.class);
    }

    private static FerryConfig.Remote remote(String url, boolean allowHttp) {
        return new FerryConfig.Remote() {
            @Override
            public URI baseUrl() {
                return URI.create(url);
            }

            @Override
            public boolean allowInsecureHttp() {
                return allowHttp;
            }

            @Override
            public Token token() {
                return null;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public long maxBodyBytes() {
                return 1;
            }

            @Override
            public int maxAttempts() {
                return 1;
            }

            @Override
            public Duration backoffBase() {
                return Duration.ZERO;
            }

            @Override
            public Duration backoffCap() {
                return Duration.ZERO;
            }
        };
    }
}
