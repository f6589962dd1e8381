package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.FakeRemote.status;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.testing.IntegrationTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@IntegrationTest
class RemoteCallsRetryTest {
    private static final String PAGE_PATH = "/data-migration/users/";
    private static final String OK_PAGE = "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":1}}";

    private FakeRemote remote;
    private RemoteFixtures.RecordingSleeper sleeper;
    private RemoteSettings settings;
    private HttpRemotePages client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        sleeper = new RemoteFixtures.RecordingSleeper();
        settings = RemoteFixtures.settings(remote.baseUrl());
        client = RemoteFixtures.endpoints(settings, sleeper).pages();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void serverErrorIsRetriedAndTheNextSuccessReturned() {
        // given
        remote.on(PAGE_PATH, status(500, "{\"error\":\"boom\"}"), json(OK_PAGE));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data()).hasSize(1);
        assertThat(remote.requests()).hasSize(2);
        assertThat(sleeper.waits).hasSize(1);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void eachAttemptCarriesAFreshToken() {
        // given
        remote.on(PAGE_PATH, status(503, ""), json(OK_PAGE));

        // when
        client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(remote.requests()).extracting(FakeRemote.Received::token).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void serverErrorsUntilTheLastAttemptGiveRemoteUnavailableWithGrowingBackoff() {
        // given
        remote.on(PAGE_PATH, status(502, "bad gateway"));

        // when / then
        assertThatThrownBy(() -> client.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP 502", "bad gateway", "5 attempts");
                });
        assertThat(remote.requests()).hasSize(5);
        assertThat(sleeper.waits).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(sleeper.waits.get(i)).isLessThanOrEqualTo(Duration.ofMillis(200L << i));
        }
    }

    @Test
    void rateLimitHonoursRetryAfterSeconds() {
        // given
        remote.on(PAGE_PATH, status(429, "slow down", "Retry-After", "3"), json(OK_PAGE));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data()).hasSize(1);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterLongerThanTheMaximumWait_isNotWaitedInTheInvocation_butCarriedOnTheError() {
        // given a remote asking for an hour
        remote.on(PAGE_PATH, status(429, "", "Retry-After", "3600"), json(OK_PAGE));

        // when / then the call ends at once, not sleeping, and the error says how long the remote asked for
        assertThatThrownBy(() -> client.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                });
        assertThat(sleeper.waits).isEmpty();
        assertThat(remote.requests()).hasSize(1);
    }

    @Test
    void rateLimitedUntilTheLastAttemptGivesRemoteRateLimited() {
        // given
        remote.on(PAGE_PATH, status(429, "{\"error\":\"too many\"}"));

        // when / then
        assertThatThrownBy(() -> client.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_RATE_LIMITED);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(remote.requests()).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 410, 422, 302})
    void clientErrorsAreRejectedWithoutRetry(int code) {
        // given
        remote.on(PAGE_PATH, status(code, "{\"error\":\"no\"}", "Location", "http://127.0.0.1:1/elsewhere"));

        // when / then
        assertThatThrownBy(() -> client.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP " + code);
                });
        assertThat(remote.requests()).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void timeoutsAreRetriedThenRemoteUnavailable() {
        // given
        RemoteSettings quick = settings.withRequestTimeout(Duration.ofMillis(150))
                .withRetry(settings.retry().withMaxAttempts(3));
        HttpRemotePages impatient = RemoteFixtures.endpoints(quick, sleeper).pages();
        remote.on(PAGE_PATH, remote.hang());

        // when / then
        assertThatThrownBy(() -> impatient.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("timed out", "3 attempts");
                });
        assertThat(remote.requests()).hasSize(3);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void timeoutThenSuccessReturnsThePage() {
        // given
        HttpRemotePages impatient = RemoteFixtures.endpoints(settings.withRequestTimeout(Duration.ofMillis(150)), sleeper)
                .pages();
        remote.on(PAGE_PATH, remote.hang(), json(OK_PAGE));

        // when
        RemotePage page = impatient.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data()).hasSize(1);
        assertThat(remote.requests()).hasSize(2);
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOut() {
        // given
        RemoteSettings quick = settings.withRequestTimeout(Duration.ofMillis(200))
                .withRetry(settings.retry().withMaxAttempts(2));
        HttpRemotePages impatient = RemoteFixtures.endpoints(quick, sleeper).pages();
        remote.on(PAGE_PATH, remote.stallBody());

        // when / then
        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(remote.requests()).hasSize(2);
    }

    @Test
    void connectionRefusedIsRetriedThenRemoteUnavailable() throws Exception {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        RemoteSettings nowhere = RemoteFixtures.settings(URI.create("http://127.0.0.1:" + closedPort));
        HttpRemotePages refused = RemoteFixtures.endpoints(nowhere, sleeper).pages();

        // when / then
        assertThatThrownBy(() -> refused.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(sleeper.waits).hasSize(4);
    }

    @Test
    void connectionDroppedMidBodyIsRetriedThenRemoteUnavailable() throws Exception {
        // given: a raw server that promises 1000 bytes, sends a few, and closes the connection
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        java.io.BufferedReader in = new java.io.BufferedReader(
                                new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            // read the request head
                        }
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 1000\r\n\r\n{\"headers\":[\"id\"],\"da")
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                        socket.getOutputStream().flush();
                        served.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpRemotePages dropped = RemoteFixtures.endpoints(
                    RemoteFixtures.settings(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                            .withRetry(settings.retry().withMaxAttempts(3)), sleeper).pages();

            // when / then
            assertThatThrownBy(() -> dropped.fetchPage(ACME, USERS, null, 10))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(served).hasValue(3);
            assertThat(sleeper.waits).hasSize(2);
        }
    }

    @Test
    void deadlineStopsRetriesWhenTheWaitWouldNotFit() {
        // given
        HttpRemotePages budgeted = client.withDeadline(() -> 2_000);
        remote.on(PAGE_PATH, status(503, "busy", "Retry-After", "5"), json(OK_PAGE));

        // when / then
        assertThatThrownBy(() -> budgeted.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("deadline");
                });
        assertThat(remote.requests()).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void noTimeLeftMeansNoCall() {
        // given
        HttpRemotePages spent = client.withDeadline(() -> 0);
        remote.on(PAGE_PATH, json(OK_PAGE));

        // when / then
        assertThatThrownBy(() -> spent.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void attemptTimeoutShrinksToTheTimeLeft() {
        // given
        AtomicLong remaining = new AtomicLong(250);
        HttpRemotePages budgeted = client.withDeadline(remaining::get);
        remote.on(PAGE_PATH, remote.hang());
        long started = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> budgeted.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }
}
