package dev.ferry.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The hostile remote's broken bodies: HTML, cut JSON, oversized pages, drip-feeding, the wrong content type. */
@IntegrationTest
class HostileRemoteBodiesTest extends HostileRemoteTestBase {

    // ---- broken bodies -----------------------------------------------------------------------

    @Test
    void shouldAnswerAnHtmlErrorPage_with200() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.HTML_BODY).on(Endpoint.DATA));

        HttpResponse<String> r = get(dataUri("users", 3, null), bearer(ACME));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("502 Bad Gateway");
        assertThat(get(statusUri(), bearer(ACME)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCutTheJsonOffMidValue() throws Exception {
        String healthy = get(dataUri("users", 3, null), bearer(ACME)).body();
        remote.misbehave(Misbehaviour.of(Kind.MALFORMED_JSON));

        HttpResponse<String> page = get(dataUri("users", 3, null), bearer(ACME));
        HttpResponse<String> status = get(statusUri(), bearer(ACME));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(healthy).startsWith(page.body()).isNotEqualTo(page.body());
        assertThat(page.body()).matches(".*\"afterId\":\"[A-Za-z0-9_-]+");
        assertThat(status.body()).isEqualTo("{\"status\":\"RE");
        assertThatThrownBy(() -> MAPPER.readTree(page.body())).isInstanceOf(IOException.class);
    }

    @Test
    void shouldSendAnOversizedValidPage_withContentLength() throws Exception {
        int size = 2 * 1024 * 1024;
        remote.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_WITH_LENGTH).param(size));

        HttpResponse<byte[]> r = CLIENT.send(request(dataUri("users", 3, null), bearer(ACME)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(r.body()).hasSize(size);
        JsonNode page = MAPPER.readTree(r.body());
        assertThat(page.get("data").size()).isGreaterThan(10_000);
        assertThat(page.at("/data/0/0").asLong()).isEqualTo(1L);
        assertThat(page.at("/data/3/0").asLong()).isEqualTo(1L);
        assertThat(page.get("installationId").asText()).isEqualTo(ACME);
    }

    @Test
    void shouldSendAnOversizedValidBodyChunked_andStopQuietlyWhenTheClientLeaves() throws Exception {
        int small = 1024 * 1024;
        remote.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_CHUNKED).param(small).forRequests(1));
        HttpResponse<byte[]> r = CLIENT.send(request(statusUri(), bearer(ACME)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(r.body()).hasSize(small);
        assertThat(MAPPER.readTree(r.body()).get("status").asText()).isEqualTo("READY");

        remote.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_CHUNKED).forRequests(1)); // 20 MiB
        try (Socket socket = rawGet(dataUri("users", 3, null), bearer(ACME))) {
            assertThat(socket.getInputStream().readNBytes(256 * 1024)).hasSize(256 * 1024);
        }
        awaitAbandoned(1);
        assertThat(get(dataUri("users", 3, null), bearer(ACME)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDripFeedTheCorrectPageSlowly() throws Exception {
        String healthy = get(dataUri("users", 3, null), bearer(ACME)).body();
        remote.misbehave(Misbehaviour.of(Kind.DRIP_FED).param(Duration.ofMillis(1200)));

        long start = System.nanoTime();
        HttpResponse<String> r = get(dataUri("users", 3, null), bearer(ACME));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(healthy);
        assertThat(took).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void shouldStopDrippingQuietly_whenTheClientDisconnects() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.DRIP_FED).param(Duration.ofSeconds(20)));

        try (Socket socket = rawGet(dataUri("users", 3, null), bearer(ACME))) {
            byte[] head = socket.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        }
        awaitAbandoned(1);
        assertThat(remote.served()).hasSize(1);
    }

    @Test
    void shouldSendTheCorrectPage_asTextPlain() throws Exception {
        String healthy = get(dataUri("users", 3, null), bearer(ACME)).body();
        remote.misbehave(Misbehaviour.of(Kind.WRONG_CONTENT_TYPE));

        HttpResponse<String> r = get(dataUri("users", 3, null), bearer(ACME));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo(healthy);
    }
}
