package dev.ferry.adapter.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        // when
        RemoteSettings settings = RemoteSettings.defaults(URI.create("https://remote.example/api"));

        // then
        assertThat(settings.audience()).isEqualTo("ferry-remote");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxBodyBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(settings.retry()).isEqualTo(new RetrySettings(5, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofSeconds(30)));
    }

    @Test
    void nullsTakeTheDefaults() {
        // when
        RemoteSettings settings = new RemoteSettings(URI.create("http://127.0.0.1:8080"), null, null, null, 10, null);

        // then
        assertThat(settings.audience()).isEqualTo("ferry-remote");
        assertThat(settings.retry()).isEqualTo(RetrySettings.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api//"})
    void trailingSlashesAreDropped(String base) {
        // when
        RemoteSettings settings = RemoteSettings.defaults(URI.create(base));

        // then
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/api"));
        assertThat(settings.basePath()).isEqualTo("/api");
    }

    @Test
    void bareHostHasAnEmptyBasePath() {
        // when
        RemoteSettings settings = RemoteSettings.defaults(URI.create("HTTPS://remote.example/"));

        // then
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://remote.example"));
        assertThat(settings.basePath()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://remote.example", "remote.example/api", "http:///nohost", "http://user:pw@remote.example",
            "http://remote.example/api?x=1", "http://remote.example/api#f", "mailto:a@b.c"})
    void unusableBaseUrlsAreRefused(String base) {
        // when / then
        assertThatThrownBy(() -> RemoteSettings.defaults(URI.create(base)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw");
    }

    @Test
    void nonPositiveLimitsAreRefused() {
        RemoteSettings settings = RemoteSettings.defaults(URI.create("http://127.0.0.1"));
        assertThatThrownBy(() -> settings.withMaxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withRequestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withAudience(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
