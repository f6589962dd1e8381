package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.IntegrationTest;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The sample remote restarting as a real one does: refusing connections for a while, then back on its port. */
@IntegrationTest
class SampleRemoteRestartTest {

    @Test
    void shouldRefuseConnectionsWhileDown_andAnswerAgainOnTheSamePort_afterARestart() throws Exception {
        // given a running sample remote
        SampleFixture fixture = SampleFixture.defaultData();
        try (SampleRemoteServer remote = SampleRemoteServer.start(fixture.source, TestTokens.SECRET)) {
            URI listing = remote.baseUrl().resolve("/installations");
            int port = remote.port();
            assertThat(get(listing).statusCode()).isEqualTo(200);

            // when it restarts with 1.5 s down
            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> remote.restart(Duration.ofMillis(1500)));
            Thread.sleep(300);

            // then meanwhile a connection is refused, and afterwards the same port answers as before
            assertThatThrownBy(() -> get(listing)).isInstanceOf(ConnectException.class);
            restart.get();
            assertThat(remote.port()).isEqualTo(port);
            assertThat(get(listing).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TestTokens.app()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
